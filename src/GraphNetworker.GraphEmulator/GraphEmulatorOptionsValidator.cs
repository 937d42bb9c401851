using Microsoft.Extensions.Options;

namespace GraphNetworker.GraphEmulator;

/// <summary>Validates <see cref="GraphEmulatorOptions"/> from its data annotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class GraphEmulatorOptionsValidator : IValidateOptions<GraphEmulatorOptions>
{
}
