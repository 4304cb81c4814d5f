using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DsApp.ServiceDefaults;

/// <summary>
/// Options a host needs while it is being built (which services to add), before its container exists. They are
/// registered the one way (bound from their section, validated, validated on start) and read now through the same
/// rules in a container of their own, so a bad value stops the start naming its key, as it would later.
/// </summary>
public static class BuildTimeOptions
{
    public static T AddOptionsReadNow<T>(this IHostApplicationBuilder builder, string section, Func<OptionsBuilder<T>, OptionsBuilder<T>> rules)
        where T : class
    {
        rules(builder.Services.AddOptions<T>().BindConfiguration(section)).ValidateOnStart();
        var early = new ServiceCollection().AddSingleton<IConfiguration>(builder.Configuration);
        rules(early.AddOptions<T>().BindConfiguration(section));
        using var services = early.BuildServiceProvider();
        return services.GetRequiredService<IOptions<T>>().Value;
    }
}
