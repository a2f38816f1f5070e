using System.Text.RegularExpressions;

namespace Kane.Cmd;

/// <summary>
/// A named group of commands, like <c>actor</c> or <c>cluster</c>; clients run <c>kane PALETTE COMMAND [ARGS]</c>.
/// Register it with <see cref="KaneCmd.RegisterPalette"/>.
/// </summary>
public sealed partial class CommandPalette
{
    private readonly Dictionary<string, CommandDefinition> _byName = new(StringComparer.Ordinal);
    private readonly List<CommandDefinition> _commands = [];

    /// <exception cref="ArgumentException">The name is not lower-case letters, digits and dashes.</exception>
    public CommandPalette(string name, string description)
    {
        CheckName(name, nameof(name));
        Name = name;
        Description = description;
    }

    public string Name { get; }

    public string Description { get; }

    /// <summary>The commands in the order they were added.</summary>
    public IReadOnlyList<CommandDefinition> Commands => _commands;

    /// <summary>Adds a command; returns this palette for chaining.</summary>
    /// <exception cref="ArgumentException">The name is taken or invalid, or two arguments share a name or switch.</exception>
    public CommandPalette Add(CommandDefinition command)
    {
        ArgumentNullException.ThrowIfNull(command);
        CheckName(command.Name, nameof(command));
        if (_byName.ContainsKey(command.Name)) throw new ArgumentException($"Palette '{Name}' already has a command '{command.Name}'.", nameof(command));
        var spellings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in command.Arguments)
        {
            CheckName(argument.Name, nameof(command));
            if (argument is { Flag: true, Positional: true })
                throw new ArgumentException($"Argument '{argument.Name}' of '{Name} {command.Name}' cannot be both a flag and positional.", nameof(command));
            foreach (var s in argument.AllSwitches)
            {
                if (!s.StartsWith('-') || s.Length < 2) throw new ArgumentException($"Switch '{s}' of '{Name} {command.Name}' must start with '-'.", nameof(command));
                if (!spellings.Add(s)) throw new ArgumentException($"Switch '{s}' is used twice in '{Name} {command.Name}'.", nameof(command));
            }
        }
        _byName.Add(command.Name, command);
        _commands.Add(command);
        return this;
    }

    public CommandDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    private static void CheckName(string name, string parameter)
    {
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
            throw new ArgumentException($"'{name}' is not a valid palette, command or argument name: use lower-case letters, digits and dashes, starting with a letter.", parameter);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex NamePattern();
}
