using System.Text;

namespace Kane.Configuration.Internal;

/// <summary>Value concatenation: strings join with their whitespace, arrays append, objects merge.</summary>
internal sealed partial class Resolver
{
    private HoconValue? ResolveConcat(AstConcat concat)
    {
        var parts = new List<(AstNode Node, HoconValue? Value)>();
        foreach (var part in concat.Parts)
        {
            parts.Add((part, part is AstWhitespace ? null : ResolveNode(part)));
        }

        var defined = parts.Where(p => p.Value is not null).Select(p => p.Value!).ToList();
        if (defined.Count == 0)
        {
            return null; // only undefined ${?x} parts: the field is not created
        }

        // "${?a}${b}" with a undefined is just ${b}; its type survives.
        if (defined.Count == 1 && parts.All(p => p.Value is not null || p.Node is AstSubstitution or AstPreviousValue))
        {
            return defined[0];
        }

        var objects = defined.Count(v => v is HoconObject);
        var arrays = defined.Count(v => v is HoconArray);
        if (objects == defined.Count)
        {
            return defined.Cast<HoconObject>().Aggregate((older, newer) => newer.WithFallback(older));
        }

        if (arrays == defined.Count)
        {
            return new HoconArray(defined.Cast<HoconArray>().SelectMany(a => a), concat.Origin);
        }

        if (objects > 0 || arrays > 0)
        {
            var odd = objects > 0 ? defined.First(v => v is HoconObject) : defined.First(v => v is HoconArray);
            var other = defined.First(v => v.Kind != odd.Kind);
            throw ConfigurationException.At(
                concat.Origin,
                $"cannot concatenate {ValueReader.Describe(odd)} (defined at {odd.Origin}) with {ValueReader.Describe(other)} (defined at {other.Origin})");
        }

        var text = new StringBuilder();
        foreach (var (node, value) in parts)
        {
            text.Append(node is AstWhitespace space ? space.Text : value is HoconScalar scalar ? scalar.Text : "");
        }

        return HoconScalar.String(text.ToString(), concat.Origin);
    }
}
