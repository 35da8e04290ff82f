// `regc schema`: the JSON Schema of the checked IR, for tools that consume it.
import schema from "../../ir/schema.json" with { type: "json" };

export async function run(): Promise<void> {
  process.stdout.write(JSON.stringify(schema, null, 2) + "\n");
}
