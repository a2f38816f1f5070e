using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Kane.Remote.Internal;

/// <summary>Wraps connections in TLS (SslStream) with the configured certificate and peer validation.</summary>
internal sealed class TlsStreams
{
    private readonly TlsSettings _settings;
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2Collection? _authority;

    public TlsStreams(TlsSettings settings)
    {
        _settings = settings;
        _certificate = settings.KeyPath.Length > 0
            ? X509Certificate2.CreateFromPemFile(settings.CertificatePath, settings.KeyPath)
            : X509CertificateLoader.LoadPkcs12FromFile(settings.CertificatePath, settings.Password.Length == 0 ? null : settings.Password);
        if (settings.CaCertificatePath.Length > 0)
        {
            _authority = [];
            _authority.ImportFromPemFile(settings.CaCertificatePath);
        }
    }

    public async Task<Stream> AuthenticateAsClientAsync(Stream inner, string host, CancellationToken ct)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ClientCertificates = [_certificate],
            RemoteCertificateValidationCallback = (_, cert, chain, errors) => Validate(cert, errors, required: true),
        }, ct).ConfigureAwait(false);
        return ssl;
    }

    public async Task<Stream> AuthenticateAsServerAsync(Stream inner, CancellationToken ct)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = _certificate,
            ClientCertificateRequired = _settings.RequireMutualAuthentication,
            RemoteCertificateValidationCallback = (_, cert, chain, errors) => Validate(cert, errors, required: _settings.RequireMutualAuthentication),
        }, ct).ConfigureAwait(false);
        return ssl;
    }

    private bool Validate(X509Certificate? certificate, SslPolicyErrors errors, bool required)
    {
        if (certificate is null) return !required;
        if (_settings.SuppressValidation) return true;
        if (_authority is null) return errors == SslPolicyErrors.None;
        // With a configured authority the chain must end there; host names are not checked (peers are addressed by IP).
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
