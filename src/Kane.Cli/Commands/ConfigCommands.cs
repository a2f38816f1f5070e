using System.CommandLine;
using Kane.Configuration;

namespace Kane.Cli.Commands;

/// <summary>
/// <c>kane config resolve FILE [--path KEY]</c> prints a HOCON file fully resolved as JSON, over Kane's defaults (which its substitutions may refer to);
/// <c>kane config defaults</c> prints the defaults themselves. Durations and sizes keep their original text.
/// </summary>
internal static class ConfigCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The HOCON file to resolve; includes are relative to it." };
        var path = new Option<string?>("--path") { Description = "Print only the value at this key, e.g. kane.actor.ask-timeout." };
        var noDefaults = new Option<bool>("--no-defaults") { Description = "Resolve the file alone: without Kane's reference defaults under it, and with substitutions unable to refer to them." };
        var resolve = new Command("resolve", "Print a HOCON file fully resolved, as JSON.") { file, path, noDefaults };
        resolve.SetAction(result => Resolve(result.GetValue(file)!, result.GetValue(path), !result.GetValue(noDefaults), output, error));

        var defaultsPath = new Option<string?>("--path") { Description = "Print only the value at this key." };
        var defaults = new Command("defaults", "Print Kane's reference configuration (hocon/reference.conf) resolved, as JSON.") { defaultsPath };
        defaults.SetAction(result => Print(KaneReference.Config, result.GetValue(defaultsPath), "reference.conf", output, error));

        return new Command("config", "Resolve and inspect HOCON configuration.") { resolve, defaults };
    }

    private static int Resolve(FileInfo file, string? path, bool withDefaults, TextWriter output, TextWriter error)
    {
        if (!file.Exists)
        {
            error.WriteLine($"kane config: file '{file.FullName}' does not exist.");
            return 2;
        }
        Config config;
        try
        {
            // Over the defaults the file may also refer to them, e.g. my.timeout = ${kane.actor.ask-timeout}.
            config = withDefaults ? KaneReference.Load(file.FullName) : ConfigurationFactory.ParseFile(file.FullName);
        }
        catch (ConfigurationException e)
        {
            error.WriteLine($"kane config: {e.Message}");
            return 1;
        }
        return Print(config, path, file.Name, output, error);
    }

    private static int Print(Config config, string? path, string source, TextWriter output, TextWriter error)
    {
        if (path is null)
        {
            output.WriteLine(config.ToJson());
            return 0;
        }
        HoconValue? value;
        try
        {
            value = config.GetValue(path);
        }
        catch (ConfigurationException e)
        {
            error.WriteLine($"kane config: '{path}' is not a valid key path: {e.Message}");
            return 2;
        }
        if (value is null)
        {
            error.WriteLine($"kane config: {source} has no value at '{path}'.");
            return 1;
        }
        output.WriteLine(value.ToJson());
        return 0;
    }
}
