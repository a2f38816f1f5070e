namespace Kane.Cmd.Internal;

/// <summary>
/// Binds a request's arguments to a command's definition: named values as sent, then raw words parsed as switches,
/// <c>--name=value</c> and positionals; then defaults; then mandatory checks. Pure, so every rule is tested alone.
/// </summary>
internal static class ArgumentBinder
{
    /// <exception cref="CommandUsageException">An unknown argument or switch, a missing value, a stray word, or a missing mandatory argument.</exception>
    public static Dictionary<string, string> Bind(CommandDefinition command, IReadOnlyDictionary<string, string>? named, IReadOnlyList<string>? tokens)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in named ?? new Dictionary<string, string>())
        {
            if (!command.Arguments.Any(a => a.Name == name)) throw Usage(command, $"'{command.Name}' has no argument '{name}'");
            values[name] = value;
        }
        BindTokens(command, tokens ?? [], values);
        foreach (var argument in command.Arguments)
        {
            if (values.ContainsKey(argument.Name)) continue;
            if (argument.Default is not null) values[argument.Name] = argument.Default;
            else if (argument.Mandatory) throw Usage(command, $"'{command.Name}' needs --{argument.Name}");
        }
        return values;
    }

    private static void BindTokens(CommandDefinition command, IReadOnlyList<string> tokens, Dictionary<string, string> values)
    {
        var positionals = new Queue<CommandArgument>(command.Arguments.Where(a => a.Positional));
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.StartsWith('-') && token.Length > 1 && !IsNumber(token))
            {
                var (spelled, inline) = SplitInline(token);
                var argument = command.Arguments.FirstOrDefault(a => a.AllSwitches.Contains(spelled, StringComparer.Ordinal))
                    ?? throw Usage(command, $"'{command.Name}' has no option '{spelled}'");
                string value;
                if (argument.Flag) value = inline ?? "true";
                else if (inline is not null) value = inline;
                else if (i + 1 < tokens.Count) value = tokens[++i];
                else throw Usage(command, $"{spelled} needs a value");
                values[argument.Name] = value;
                continue;
            }
            while (positionals.Count > 0 && values.ContainsKey(positionals.Peek().Name)) positionals.Dequeue();
            if (positionals.Count == 0) throw Usage(command, $"unexpected '{token}'");
            values[positionals.Dequeue().Name] = token;
        }
    }

    private static (string Switch, string? Value) SplitInline(string token)
    {
        var eq = token.IndexOf('=', StringComparison.Ordinal);
        return token.StartsWith("--", StringComparison.Ordinal) && eq > 2 ? (token[..eq], token[(eq + 1)..]) : (token, null);
    }

    private static bool IsNumber(string token) => double.TryParse(token, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static CommandUsageException Usage(CommandDefinition command, string what) =>
        new($"{what}. Usage: {command.Usage}");
}
