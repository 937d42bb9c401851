using Microsoft.Extensions.Options;

namespace GraphNetworker.Store;

/// <summary>Validates <see cref="StoreOptions"/> on start, naming the configuration key that is wrong.</summary>
[OptionsValidator]
internal sealed partial class StoreOptionsValidator : IValidateOptions<StoreOptions>;
