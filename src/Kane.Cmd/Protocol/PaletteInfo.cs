namespace Kane.Cmd.Protocol;

/// <summary>A palette as the endpoint describes it to clients.</summary>
public sealed record PaletteInfo(string Name, string Description, List<CommandInfo> Commands);

/// <summary>A command as the endpoint describes it to clients.</summary>
public sealed record CommandInfo(string Name, string Description, bool ChangesCluster, bool Streaming, List<ArgumentInfo> Arguments);

/// <summary>An argument as the endpoint describes it to clients.</summary>
public sealed record ArgumentInfo(string Name, string Description, List<string> Switches, bool Mandatory, string? Default, bool Flag, bool Positional);
