using Kane.Configuration;
using Microsoft.Extensions.Configuration;

namespace Kane.Hosting.Configuration;

/// <summary>Adds HOCON files to an <see cref="IConfigurationBuilder"/>.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>Adds a HOCON file; keys added later (environment, command line) override it.</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false) =>
        builder.Add(new HoconConfigurationSource { Path = System.IO.Path.GetFullPath(path), Optional = optional });

    /// <summary>Adds an already parsed HOCON config.</summary>
    public static IConfigurationBuilder AddHocon(this IConfigurationBuilder builder, Config config) =>
        builder.Add(new HoconConfigurationSource { Config = config });
}
