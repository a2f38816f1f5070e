namespace Kane.Organize.Layout;

/// <summary>A layout template that cannot be parsed; the message names the problem, where it is and what is valid.</summary>
public sealed class LayoutTemplateException : FormatException
{
    public LayoutTemplateException(string template, int position, string problem)
        : base($"layout template '{template}': {problem} (at character {position + 1})")
    {
        Template = template;
        Position = position;
    }

    public string Template { get; }

    /// <summary>Zero-based index in <see cref="Template"/> where the problem starts.</summary>
    public int Position { get; }
}
