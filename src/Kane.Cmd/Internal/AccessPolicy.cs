using System.Security.Cryptography;
using System.Text;

namespace Kane.Cmd.Internal;

/// <summary>
/// Who may run a command. Read-only commands: anyone who reaches the endpoint. Commands that change the cluster:
/// with a configured token, only requests carrying it; without one, only on a loopback endpoint (a local user could
/// run the node's own tools anyway), never on a reachable one.
/// </summary>
internal static class AccessPolicy
{
    /// <summary>Null when allowed; otherwise the message the client is told.</summary>
    public static string? Check(CmdSettings settings, string palette, CommandDefinition command, string? token)
    {
        if (!command.ChangesCluster) return null;
        var what = $"'{palette} {command.Name}' changes the cluster";
        if (settings.AccessToken.Length > 0)
        {
            if (string.IsNullOrEmpty(token)) return $"{what} and needs the endpoint's access token: pass --token or set KANE_CMD_TOKEN.";
            return TokensEqual(settings.AccessToken, token) ? null : $"{what}; the access token given is wrong.";
        }
        return settings.IsLoopback
            ? null
            : $"{what}, and this endpoint is bound to {settings.Host} without kane.cmd.access-token, so such commands are refused. Set kane.cmd.access-token on the node, or bind kane.cmd.host to 127.0.0.1.";
    }

    private static bool TokensEqual(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
