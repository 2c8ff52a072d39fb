namespace EfficientAI.Telephony.Sip.Authentication;

/// <summary>
/// A user name and password for digest authentication. <see cref="Realm"/> limits them to one realm (RFC 3261 §22.1:
/// credentials are per realm); null answers any realm. The password is never part of <see cref="ToString"/>, so it
/// cannot leak through a log line or a serialized result.
/// </summary>
public sealed class SipCredentials
{
    public SipCredentials(string username, string password, string? realm = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(password);
        Username = username;
        Password = password;
        Realm = realm;
    }

    public string Username { get; }

    public string Password { get; }

    public string? Realm { get; }

    public bool Answers(string realm) => Realm is null || string.Equals(Realm, realm, StringComparison.Ordinal);

    public override string ToString() => Realm is null ? $"{Username} (password hidden)" : $"{Username}@{Realm} (password hidden)";
}
