//! The agent's one tool, `lookup`, as a rig tool (runners/README.md, "Workload `agent`"): the
//! table and the key rules are versus-runner-common's (runners/rust-common, shared with the
//! reference Rust runner); this file only implements rig's `PortableTool` around it. rig parses
//! the model's JSON arguments into [`LookupArgs`] and sends the returned string back as the
//! tool message; an unknown key is a tool error (rig sends its text to the model instead).

use rig_core::tool::PortableTool;
use versus_runner_common::lookup::{LookupArgs, Table, UnknownKey};

/// The `lookup` tool: the table, built once by [`Lookup::new`] and shared by every agent run.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    table: Table,
}

impl Lookup {
    /// Builds the table (64 multiplications; done once per process).
    pub fn new() -> Self {
        Self::default()
    }
}

impl PortableTool for Lookup {
    const NAME: &'static str = "lookup";
    type Args = LookupArgs;
    /// A plain string: rig sends it as the tool message's text content, unquoted.
    type Output = String;
    type Error = UnknownKey;

    /// The description the model sees: "Look up a value in the table.".
    fn description(&self) -> String {
        "Look up a value in the table.".to_owned()
    }

    /// The JSON Schema of [`LookupArgs`], as the protocol spells it.
    fn parameters(&self) -> serde_json::Value {
        serde_json::json!({
            "type": "object",
            "properties": {"key": {"type": "string"}, "n": {"type": "integer"}},
            "required": ["key", "n"]
        })
    }

    /// Returns the looked-up value in decimal (no sign, spaces or leading zeros), or
    /// [`UnknownKey`].
    async fn call(&self, arguments: LookupArgs) -> Result<String, UnknownKey> {
        self.table
            .value(&arguments.key, arguments.n)
            .map(|value| value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rig_core::tool::{IntoToolOutput, ToolOutput};

    /// Runs a future to completion on a current-thread runtime.
    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn parses_arguments_as_rig_does() {
        // rig deserializes the model's `function.arguments` text into `Args` with serde_json;
        // the bad cases are versus-runner-common's (lookup::parse_arguments, the same serde).
        let parse = |text: &str| serde_json::from_str::<LookupArgs>(text);
        assert_eq!(
            parse(r#"{"n":9,"key":"item-63","extra":[1]}"#).unwrap(),
            LookupArgs {
                key: "item-63".into(),
                n: 9
            }
        );
        assert!(parse(r#"{"key": "item-1", "n": 1.5}"#).is_err());
    }

    #[test]
    fn answers_as_a_tool() {
        let table = Lookup::new();
        let args = LookupArgs {
            key: "item-55".into(),
            n: 9,
        };
        assert_eq!(
            block_on(PortableTool::call(&table, args)),
            Ok("919896".to_owned())
        );
        let args = LookupArgs {
            key: "item-64".into(),
            n: 1,
        };
        assert!(block_on(PortableTool::call(&table, args)).is_err());
    }

    #[test]
    fn defines_the_tool_as_the_protocol_does() {
        let definition = rig_core::tool::tool_definition(&Lookup::new());
        assert_eq!(definition.name.to_string(), "lookup");
        assert_eq!(definition.description, "Look up a value in the table.");
        assert_eq!(
            definition.parameters,
            serde_json::json!({"type": "object",
                "properties": {"key": {"type": "string"}, "n": {"type": "integer"}},
                "required": ["key", "n"]})
        );
    }

    #[test]
    fn returns_plain_text_to_the_model() {
        // A String output becomes a text block (the tool message's content), not a JSON
        // string with quotes.
        let output = IntoToolOutput::into_tool_output("919896".to_owned()).unwrap();
        assert_eq!(output, ToolOutput::text("919896"));
    }
}
