namespace EfficientAI.Telephony.Media.Srtp;

/// <summary>The SDES keys a negotiation settled: ours protects what we send, the peer's what we receive.</summary>
/// <param name="Local">Our master key, sent to the peer in our a=crypto.</param>
/// <param name="Remote">The peer's master key, from its a=crypto.</param>
public sealed record SrtpKeys(SrtpMasterKey Local, SrtpMasterKey Remote)
{
    /// <summary>The crypto suite of both directions.</summary>
    public SrtpCryptoSuite Suite => Local.Suite;

    /// <summary>Creates the packet transforms for a session.</summary>
    public SrtpSession CreateSession() => new(Local, Remote);
}
