using Kane.Configuration;

namespace Kane.Remote;

/// <summary>TLS on remoting connections (<c>kane.remote.ssl</c>): SslStream with a certificate read from files.</summary>
public sealed record TlsSettings
{
    public static readonly TlsSettings Disabled = new();

    /// <value>false (<c>kane.remote.ssl.enabled</c>)</value>
    public bool Enabled { get; init; }

    /// <summary>The certificate: a PEM file (with <see cref="KeyPath"/>) or a PKCS#12 file (with <see cref="Password"/>).</summary>
    /// <value>empty (<c>kane.remote.ssl.certificate-path</c>)</value>
    public string CertificatePath { get; init; } = "";

    /// <summary>The PEM private key of the certificate; empty for a PKCS#12 certificate file.</summary>
    /// <value>empty (<c>kane.remote.ssl.key-path</c>)</value>
    public string KeyPath { get; init; } = "";

    /// <value>empty (<c>kane.remote.ssl.password</c>)</value>
    public string Password { get; init; } = "";

    /// <summary>A PEM file of the authority peers' certificates must chain to; empty uses the machine's trust store.</summary>
    /// <value>empty (<c>kane.remote.ssl.ca-certificate-path</c>)</value>
    public string CaCertificatePath { get; init; } = "";

    /// <summary>Whether the acceptor demands a client certificate too (mutual TLS).</summary>
    /// <value>false (<c>kane.remote.ssl.require-mutual-authentication</c>)</value>
    public bool RequireMutualAuthentication { get; init; }

    /// <summary>Accepts any peer certificate. For experiments only: the shared-secret handshake still runs.</summary>
    /// <value>false (<c>kane.remote.ssl.suppress-validation</c>)</value>
    public bool SuppressValidation { get; init; }

    internal static TlsSettings FromConfig(Config c) => new()
    {
        Enabled = c.GetBoolean("enabled"),
        CertificatePath = c.GetString("certificate-path"),
        KeyPath = c.GetString("key-path"),
        Password = c.GetString("password"),
        CaCertificatePath = c.GetString("ca-certificate-path"),
        RequireMutualAuthentication = c.GetBoolean("require-mutual-authentication"),
        SuppressValidation = c.GetBoolean("suppress-validation"),
    };

    internal void Validate()
    {
        if (!Enabled) return;
        if (string.IsNullOrEmpty(CertificatePath))
            throw new ArgumentException("kane.remote.ssl.certificate-path must name a certificate file when kane.remote.ssl.enabled = on.", "ssl.certificate-path");
        if (!File.Exists(CertificatePath))
            throw new ArgumentException($"kane.remote.ssl.certificate-path = {CertificatePath}: no such file.", "ssl.certificate-path");
        if (KeyPath.Length > 0 && !File.Exists(KeyPath))
            throw new ArgumentException($"kane.remote.ssl.key-path = {KeyPath}: no such file.", "ssl.key-path");
        if (CaCertificatePath.Length > 0 && !File.Exists(CaCertificatePath))
            throw new ArgumentException($"kane.remote.ssl.ca-certificate-path = {CaCertificatePath}: no such file.", "ssl.ca-certificate-path");
    }
}
