using System.Globalization;
using System.Text;
using Kane.Organize.Layout.Internal;
using Kane.Organize.Signatures;

namespace Kane.Organize.Layout;

/// <summary>
/// Where a file goes under the target folder: a template of '/'-separated folder names with tokens in braces,
/// parsed once and rendered per file. Tokens: <c>{category}</c> (images, videos, ...), <c>{yyyy}</c>, <c>{MM}</c>,
/// <c>{dd}</c> (the file's date), <c>{camera}</c> (camera model, <c>unknown</c> if none), <c>{name}</c> (file name
/// without extension), <c>{ext}</c> (extension with its dot, or empty), <c>{sizeclass}</c> (tiny, small, medium,
/// large). Rendering never yields an absolute path, a '..' segment, a control character or a segment over 255 UTF-8
/// bytes, whatever the file's name holds.
/// </summary>
public sealed class LayoutTemplate
{
    /// <summary>The default layout: <c>{category}/{yyyy}/{MM}/{name}{ext}</c>.</summary>
    public const string DefaultText = "{category}/{yyyy}/{MM}/{name}{ext}";

    private readonly IReadOnlyList<IReadOnlyList<Part>> _segments;

    private LayoutTemplate(string text, IReadOnlyList<IReadOnlyList<Part>> segments)
    {
        Text = text;
        _segments = segments;
    }

    public static LayoutTemplate Default { get; } = Parse(DefaultText);

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The token names a template may use, with their braces.</summary>
    public static IReadOnlyList<string> ValidTokens { get; } = Tokens.ByName.Keys.Select(k => "{" + k + "}").ToArray();

    /// <summary>Parses <paramref name="template"/>.</summary>
    /// <exception cref="LayoutTemplateException">
    /// An unknown or empty token, an unbalanced brace, an absolute path, an empty, '.' or '..' folder name, a
    /// backslash or control character, or a file name without any token; the message says which and where.
    /// </exception>
    public static LayoutTemplate Parse(string template) => new(template, TemplateParser.Parse(template));

    /// <summary>The relative target path of a file, segments joined with '/'.</summary>
    public string Render(LayoutValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var path = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (path.Length > 0)
                path.Append('/');
            path.Append(RenderSegment(segment, values));
        }
        return path.ToString();
    }

    private static string RenderSegment(IReadOnlyList<Part> parts, LayoutValues values)
    {
        var rendered = parts.Select(p => p.Literal ?? Value(p.Token, values)).ToArray();
        var text = string.Concat(rendered);
        var excess = FileNames.Utf8Length(text) - FileNames.MaxSegmentBytes;
        if (excess > 0)
        {
            // Shorten the file's own name first so the extension and the template's fixed text survive.
            var nameIndex = IndexOf(parts, Token.Name);
            if (nameIndex >= 0)
            {
                var name = rendered[nameIndex];
                var keep = Math.Max(0, FileNames.Utf8Length(name) - excess);
                rendered[nameIndex] = FileNames.TruncateUtf8(name, keep).TrimEnd();
                text = string.Concat(rendered);
            }
            text = FileNames.TruncateUtf8(text, FileNames.MaxSegmentBytes).TrimEnd();
        }
        return text.Trim() is "" or "." or ".." ? ValueSanitizer.Unknown : text;
    }

    private static int IndexOf(IReadOnlyList<Part> parts, Token token)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Literal is null && parts[i].Token == token)
                return i;
        }
        return -1;
    }

    private static string Value(Token token, LayoutValues values) => token switch
    {
        Token.Category => values.Category.FolderName(),
        Token.Year => values.Date.Year.ToString("D4", CultureInfo.InvariantCulture),
        Token.Month => values.Date.Month.ToString("D2", CultureInfo.InvariantCulture),
        Token.Day => values.Date.Day.ToString("D2", CultureInfo.InvariantCulture),
        Token.Camera => ValueSanitizer.Sanitize(values.Camera, emptyAllowed: false),
        Token.Name => ValueSanitizer.Sanitize(values.Name, emptyAllowed: false),
        Token.Extension => ValueSanitizer.Sanitize(values.Extension, emptyAllowed: true) is var e && e == ValueSanitizer.Unknown ? "" : e,
        Token.SizeClass => SizeClasses.Of(values.Size).FolderName(),
        _ => throw new ArgumentOutOfRangeException(nameof(token), token, "not a layout token"),
    };

    public override string ToString() => Text;
}
