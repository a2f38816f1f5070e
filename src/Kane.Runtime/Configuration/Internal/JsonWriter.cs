using System.Globalization;
using System.Text;

namespace Kane.Configuration.Internal;

/// <summary>JSON rendering of resolved values; numbers are written with their original spelling.</summary>
internal static class JsonWriter
{
    public static string Write(HoconValue value, bool indented)
    {
        var sb = new StringBuilder();
        Write(sb, value, indented, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, HoconValue value, bool indented, int depth)
    {
        switch (value)
        {
            case HoconObject obj:
                WriteContainer(sb, '{', '}', obj, indented, depth, (field, d) =>
                {
                    sb.Append(Quote(field.Key)).Append(indented ? ": " : ":");
                    Write(sb, field.Value, indented, d);
                });
                break;
            case HoconArray array:
                WriteContainer(sb, '[', ']', array, indented, depth, (item, d) => Write(sb, item, indented, d));
                break;
            case HoconScalar { Kind: HoconValueKind.String } scalar:
                sb.Append(Quote(scalar.Text));
                break;
            case HoconScalar scalar:
                sb.Append(scalar.Text);
                break;
        }
    }

    private static void WriteContainer<T>(
        StringBuilder sb, char open, char close, IReadOnlyCollection<T> items, bool indented, int depth, Action<T, int> writeItem)
    {
        sb.Append(open);
        if (items.Count == 0)
        {
            sb.Append(close);
            return;
        }

        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            if (indented)
            {
                sb.Append('\n').Append(' ', (depth + 1) * 2);
            }

            writeItem(item, depth + 1);
        }

        if (indented)
        {
            sb.Append('\n').Append(' ', depth * 2);
        }

        sb.Append(close);
    }

    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case < ' ':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }

        return sb.Append('"').ToString();
    }
}
