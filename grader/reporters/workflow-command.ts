// GitHub Actions workflow commands ("::name key=value,key=value::data"), escaped exactly as the runner unescapes
// them: actions/runner src/Runner.Common/ActionCommand.cs (TryParseV2, _escapeDataMappings,
// _escapePropertyMappings) and actions/toolkit packages/core/src/command.ts (escapeData, escapeProperty). The runner
// trims a line's leading whitespace and then needs it to start with "::"; the command info ends at the next "::",
// so a property value must not hold ":" and splits at ",", while the data may hold anything but a line break

// Data: % first, so an escape already in the text reads back as itself
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

// A property value: as data, and ":" and "," too
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

// One workflow command line; properties without a value are left out
export function workflowCommand(name: string, properties: readonly (readonly [string, string | undefined])[], data: string): string {
  const given = properties.filter((p): p is readonly [string, string] => p[1] !== undefined)
  const info = given.length ? ` ${given.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',')}` : ''
  return `::${name}${info}::${escapeData(data)}`
}
