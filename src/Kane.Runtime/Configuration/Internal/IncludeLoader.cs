namespace Kane.Configuration.Internal;

/// <summary>
/// Locates and parses included files. Relative names resolve against the including file's
/// directory (never the process's current directory, except for configs parsed from strings
/// without a base directory, which have no directory of their own).
/// </summary>
internal static class IncludeLoader
{
    /// <summary>Returns the included root object, or null when an optional include is missing.</summary>
    public static AstObject? Load(string name, bool required, ConfigOrigin at, IReadOnlyList<string> prefix, ParseContext context)
    {
        var baseDirectory = context.BaseDirectory ?? Directory.GetCurrentDirectory();
        var fullPath = Path.GetFullPath(Path.Combine(baseDirectory, name));
        var candidates = File.Exists(fullPath) || Path.HasExtension(name)
            ? [fullPath]
            : new[] { fullPath + ".json", fullPath + ".conf" }; // without an extension every known format is merged, HOCON last

        var found = candidates.Where(File.Exists).ToList();
        if (found.Count == 0)
        {
            if (required)
            {
                throw ConfigurationException.At(at, $"could not find required include '{name}' (looked for {string.Join(", ", candidates)})", name);
            }

            return null;
        }

        AstObject? result = null;
        foreach (var file in found)
        {
            var parsed = ParseOne(file, name, at, prefix, context);
            if (result is null)
            {
                result = parsed;
            }
            else
            {
                result.MergeFrom(parsed);
            }
        }

        return result;
    }

    private static AstObject ParseOne(string file, string name, ConfigOrigin at, IReadOnlyList<string> prefix, ParseContext context)
    {
        if (context.IncludeChain.Contains(file, StringComparer.Ordinal))
        {
            var chain = string.Join(" -> ", context.IncludeChain.Append(file).Select(Path.GetFileName));
            throw ConfigurationException.At(at, $"include cycle: {chain}", name);
        }

        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{at}: could not read included file '{file}': {e.Message}", at, name, e);
        }

        var origin = DisplayName(context, name, file);
        var included = new ParseContext(origin, Path.GetDirectoryName(file), prefix, [.. context.IncludeChain, file]);
        return Parser.ParseDocument(text, included);
    }

    /// <summary>Names an included file the way a reader of the including file would find it.</summary>
    private static string DisplayName(ParseContext context, string name, string file)
    {
        if (Path.IsPathRooted(name))
        {
            return file;
        }

        var relative = Path.GetFileName(file);
        var nameDirectory = Path.GetDirectoryName(name);
        if (!string.IsNullOrEmpty(nameDirectory))
        {
            relative = Path.Combine(nameDirectory, relative);
        }

        var originDirectory = context.BaseDirectory is null ? null : Path.GetDirectoryName(context.Origin);
        return string.IsNullOrEmpty(originDirectory) ? relative : Path.Combine(originDirectory, relative);
    }
}
