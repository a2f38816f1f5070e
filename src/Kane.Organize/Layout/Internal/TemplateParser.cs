using System.Text;

namespace Kane.Organize.Layout.Internal;

/// <summary>Reads a layout template into segments of parts, rejecting anything that could not render a safe relative path.</summary>
internal static class TemplateParser
{
    public static IReadOnlyList<IReadOnlyList<Part>> Parse(string template)
    {
        if (string.IsNullOrWhiteSpace(template))
            throw new LayoutTemplateException(template ?? "", 0, $"the template is empty; the default is '{LayoutTemplate.DefaultText}'");
        if (template[0] == '/')
            throw new LayoutTemplateException(template, 0, "the template must be a relative path (it is placed under the target folder)");
        var segments = new List<IReadOnlyList<Part>>();
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var segmentStart = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            switch (c)
            {
                case '{':
                    var close = template.IndexOfAny(['{', '}', '/'], i + 1);
                    if (close < 0 || template[close] != '}')
                        throw new LayoutTemplateException(template, i, close < 0
                            ? "'{' is never closed"
                            : $"'{{' is not closed before '{template[close]}'");
                    FlushLiteral();
                    parts.Add(Part.Of(TokenNamed(template, i, template[(i + 1)..close])));
                    i = close;
                    break;
                case '}':
                    throw new LayoutTemplateException(template, i, "'}' without a matching '{'");
                case '/':
                    EndSegment(i);
                    segmentStart = i + 1;
                    break;
                case '\\':
                    throw new LayoutTemplateException(template, i, "'\\' is not a separator here; separate folders with '/'");
                default:
                    if (char.IsControl(c))
                        throw new LayoutTemplateException(template, i, $"control character U+{(int)c:X4} in the template");
                    literal.Append(c);
                    break;
            }
        }
        EndSegment(template.Length);
        if (!segments[^1].Any(p => p.Literal is null))
            throw new LayoutTemplateException(template, segmentStart, "the file name (last segment) has no token, so every file would get the same name; use {name}{ext}");
        return segments;

        void FlushLiteral()
        {
            if (literal.Length > 0)
                parts.Add(Part.Text(literal.ToString()));
            literal.Clear();
        }

        void EndSegment(int at)
        {
            FlushLiteral();
            if (parts.Count == 0)
                throw new LayoutTemplateException(template, at, "empty folder name ('//' or a trailing '/')");
            if (parts is [{ Literal: { } only }] && only.Trim() is "." or "..")
                throw new LayoutTemplateException(template, segmentStart, $"'{only}' would leave the target folder");
            if (parts.All(p => p.Literal is not null && p.Literal.Trim().Length == 0))
                throw new LayoutTemplateException(template, segmentStart, "folder name of only spaces");
            segments.Add(parts.ToArray());
            parts.Clear();
        }
    }

    private static Token TokenNamed(string template, int open, string name)
    {
        if (Tokens.ByName.TryGetValue(name, out var token))
            return token;
        var hint = Tokens.ByName.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) is { } other
            ? $" (did you mean {{{other}}}? tokens are case-sensitive)"
            : "";
        var problem = name.Length == 0 ? "empty token '{}'" : $"unknown token '{{{name}}}'{hint}";
        throw new LayoutTemplateException(template, open, $"{problem}; valid tokens: {Tokens.ValidList}");
    }
}
