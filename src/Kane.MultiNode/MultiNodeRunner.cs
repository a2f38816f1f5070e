using Kane.MultiNode.Internal;

namespace Kane.MultiNode;

/// <summary>
/// Runs a multi-node spec from a test: the calling process becomes the conductor's controller and starts one
/// process per role (<c>dotnet SpecAssembly.dll --multinode-spec ...</c>, so the spec assembly's <c>Main</c> must call
/// <see cref="MultiNodeHost.RunAsync"/>), each on its own loopback address 127.0.0.2, 127.0.0.3, ...
/// </summary>
public static class MultiNodeRunner
{
    /// <summary>
    /// Directory under which each run keeps its node logs (<c>SPEC-TIME/ROLE.log</c>); default a <c>kane-multinode</c>
    /// folder in the temp directory, or the <c>KANE_MULTINODE_LOGS</c> environment variable. Logs of passed runs are deleted
    /// unless <c>KANE_MULTINODE_KEEP_LOGS=1</c>.
    /// </summary>
    public static string LogRoot { get; set; } =
        Environment.GetEnvironmentVariable("KANE_MULTINODE_LOGS") is { Length: > 0 } root ? root : Path.Combine(Path.GetTempPath(), "kane-multinode");

    /// <summary>Runs <typeparamref name="TSpec"/> on one process per role and returns how every process ended.</summary>
    /// <exception cref="MultiNodeSpecFailedException">A node failed, crashed or exited unexpectedly, a barrier failed, or the spec timed out.</exception>
    public static Task<MultiNodeResult> RunAsync<TSpec>() where TSpec : MultiNodeSpec, new() => RunAsync(typeof(TSpec));

    /// <inheritdoc cref="RunAsync{TSpec}"/>
    public static async Task<MultiNodeResult> RunAsync(Type specType)
    {
        if (!typeof(MultiNodeSpec).IsAssignableFrom(specType) || specType.IsAbstract)
            throw new ArgumentException($"{specType} is not a concrete MultiNodeSpec.", nameof(specType));
        // Outside a node the spec is constructed only to read its config.
        var config = ((MultiNodeSpec)Activator.CreateInstance(specType)!).SpecConfig;
        if (config.Roles.Count == 0) throw new ArgumentException($"{specType.Name} declares no roles.", nameof(specType));
        if (config.Roles.Count > 250) throw new ArgumentException($"{specType.Name} declares more roles than loopback addresses.", nameof(specType));
        var logs = Path.Combine(LogRoot, $"{specType.Name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        var result = await new Controller(specType, config, logs).RunAsync().ConfigureAwait(false);
        if (Environment.GetEnvironmentVariable("KANE_MULTINODE_KEEP_LOGS") is not "1")
            try { Directory.Delete(logs, recursive: true); } catch (IOException) { }
        return result;
    }
}
