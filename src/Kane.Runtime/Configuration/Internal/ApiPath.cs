namespace Kane.Configuration.Internal;

/// <summary>Parses the path strings given to <see cref="Config"/> getters with the key syntax.</summary>
internal static class ApiPath
{
    public static string[] Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return KeyPath.Parse(Lexer.TokenizeFragment(path, new ConfigOrigin("<path>", 1, 1)), new ConfigOrigin("<path>", 1, 1), "path");
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException($"invalid path '{path}': {e.Message}", origin: null, path, e);
        }
    }
}
