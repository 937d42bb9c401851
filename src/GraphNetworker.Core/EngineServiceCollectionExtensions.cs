using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Core;

/// <summary>Registration of the engine's options (the engine itself is created per evaluation: it holds no state).</summary>
public static class EngineServiceCollectionExtensions
{
    public static IServiceCollection AddGraphNetworkerEngine(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<EngineOptions, EngineOptionsValidator>().BindConfiguration(EngineOptions.SectionName);
        return services;
    }
}

/// <summary>Validates <see cref="EngineOptions"/> on start, naming the key that is wrong (cadences included).</summary>
[OptionsValidator]
internal sealed partial class EngineOptionsValidator : IValidateOptions<EngineOptions>;
