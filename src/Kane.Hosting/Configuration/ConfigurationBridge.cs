using System.Text;
using System.Text.Json;
using Kane.Configuration;
using Microsoft.Extensions.Configuration;

namespace Kane.Hosting.Configuration;

/// <summary>
/// Reads the <c>kane</c> section of an <see cref="IConfiguration"/> back into HOCON. IConfiguration keys are
/// case-insensitive and environment variables cannot contain dashes, so each key is matched against the known keys
/// ignoring case and treating <c>_</c> as <c>-</c>: <c>KANE__ACTOR__ASK_TIMEOUT</c> sets <c>kane.actor.ask-timeout</c>.
/// Indexed keys (<c>depends-on:0</c>, <c>depends-on:1</c>) become arrays again.
/// </summary>
public static class ConfigurationBridge
{
    /// <summary>The <c>kane</c> keys of <paramref name="configuration"/> over <paramref name="baseline"/>.</summary>
    /// <exception cref="ConfigurationException">A value cannot be read; the message names the key.</exception>
    public static Config ToConfig(IConfiguration configuration, Config baseline)
    {
        var section = configuration.GetSection("kane");
        if (!section.Exists()) return baseline;
        var known = HoconConfigurationProvider.Flatten(KaneReference.WithDefaults(baseline)).Keys
            .GroupBy(Normalize).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var root = new Node();
        // Providers are applied in order, so that a later source wins even when it spells the key differently
        // (KANE__ACTOR__ASK_TIMEOUT vs kane.actor.ask-timeout): the merged view would keep both spellings.
        foreach (var (key, value) in OrderedEntries(configuration, section))
        {
            var canonical = known.TryGetValue(Normalize(key), out var k) ? k : Normalize(key);
            var node = root;
            foreach (var part in canonical.Split(':')) node = node.Child(part);
            node.Value = value;
        }
        var json = new StringBuilder();
        Write(root, json);
        return ConfigurationFactory.ParseString(json.ToString(), "IConfiguration").WithFallback(baseline);
    }

    private static IEnumerable<(string Key, string Value)> OrderedEntries(IConfiguration configuration, IConfigurationSection section)
    {
        if (configuration is not IConfigurationRoot root)
        {
            foreach (var (key, value) in section.AsEnumerable())
                if (value is not null) yield return (key, value);
            yield break;
        }
        foreach (var provider in root.Providers)
            foreach (var key in LeafKeys(provider, "kane"))
                if (provider.TryGet(key, out var value) && value is not null) yield return (key, value);
    }

    private static IEnumerable<string> LeafKeys(IConfigurationProvider provider, string path)
    {
        foreach (var child in provider.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var full = $"{path}:{child}";
            yield return full;
            foreach (var deeper in LeafKeys(provider, full)) yield return deeper;
        }
    }

    private static string Normalize(string key) => key.ToLowerInvariant().Replace('_', '-');

    private static void Write(Node node, StringBuilder json)
    {
        if (node.Children.Count == 0)
        {
            json.Append(JsonSerializer.Serialize(node.Value ?? ""));
            return;
        }
        var isArray = Enumerable.Range(0, node.Children.Count).All(i => node.Children.ContainsKey(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        json.Append(isArray ? '[' : '{');
        var first = true;
        var entries = isArray
            ? node.Children.OrderBy(c => int.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture))
            : node.Children.AsEnumerable();
        foreach (var (name, child) in entries)
        {
            if (!first) json.Append(',');
            first = false;
            if (!isArray) json.Append(JsonSerializer.Serialize(name)).Append(':');
            Write(child, json);
        }
        json.Append(isArray ? ']' : '}');
    }

    private sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public string? Value { get; set; }

        public Node Child(string name) => Children.TryGetValue(name, out var c) ? c : Children[name] = new Node();
    }
}
