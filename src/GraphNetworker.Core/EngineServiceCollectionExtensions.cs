using Microsoft.Extensions.DependencyInjection;

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
