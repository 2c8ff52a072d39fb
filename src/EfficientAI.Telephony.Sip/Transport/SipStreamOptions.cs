namespace EfficientAI.Telephony.Sip.Transport;

/// <summary>Connection handling of the stream transports (TCP and TLS, RFC 3261 §18; RFC 5626 §3.5.1 keep-alive).</summary>
public sealed record SipStreamOptions
{
    /// <summary>
    /// How long a TCP connect plus, for TLS, the handshake may take before the attempt fails (default 5 s, well inside
    /// Timer B's 32 s so the transaction can still report the cause). Inbound handshakes get the same bound.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A connection that carried no bytes either way for this long is closed (default 2 minutes: longer than any
    /// transaction, 64*T1 = 32 s, and the lifetime Kamailio and OpenSIPS give an idle TCP connection). Checked by one
    /// sweep per transport, so a connection closes between IdleTimeout and IdleTimeout plus a quarter of it.
    /// A later request simply opens a new connection (§18.1.1).
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// RFC 5626 §3.5.1: when set, a CRLFCRLF ping goes out on every connection we opened after this long without
    /// sending anything (a ping is traffic, so a pinged connection never goes idle). Off by default: our calls are
    /// short and the peers we test rarely sit behind NAT.
    /// </summary>
    public TimeSpan? KeepAliveInterval { get; init; }

    public void Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero || IdleTimeout <= TimeSpan.Zero || KeepAliveInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"stream transport timeouts must be positive (ConnectTimeout={ConnectTimeout}, IdleTimeout={IdleTimeout}, KeepAliveInterval={KeepAliveInterval})");
        }
    }
}
