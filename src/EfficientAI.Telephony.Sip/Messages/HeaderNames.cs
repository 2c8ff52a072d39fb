namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>Header names in their canonical long form, and the compact forms of RFC 3261 §7.3.3 and later RFCs.</summary>
public static class HeaderNames
{
    public const string Via = "Via";
    public const string From = "From";
    public const string To = "To";
    public const string CallId = "Call-ID";
    public const string CSeq = "CSeq";
    public const string Contact = "Contact";
    public const string MaxForwards = "Max-Forwards";
    public const string ContentType = "Content-Type";
    public const string ContentLength = "Content-Length";
    public const string ContentEncoding = "Content-Encoding";
    public const string Route = "Route";
    public const string RecordRoute = "Record-Route";
    public const string UserAgent = "User-Agent";
    public const string Server = "Server";
    public const string Allow = "Allow";
    public const string Supported = "Supported";
    public const string Require = "Require";
    public const string Warning = "Warning";
    public const string Subject = "Subject";
    public const string Expires = "Expires";
    public const string RetryAfter = "Retry-After";
    public const string Reason = "Reason";
    public const string Date = "Date";
    public const string Accept = "Accept";
    public const string Unsupported = "Unsupported";

    /// <summary>Returns the long form for a compact name (<c>v</c> → Via), or the name itself.</summary>
    public static string Canonical(string name) => name.Length == 1 ? Expand(char.ToLowerInvariant(name[0])) ?? name : name;

    public static string Canonical(ReadOnlySpan<char> name)
    {
        if (name.Length == 1 && Expand(char.ToLowerInvariant(name[0])) is { } expanded)
        {
            return expanded;
        }

        // Intern the common ones so that parsing a typical message allocates no header-name strings.
        foreach (var known in Known)
        {
            if (name.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return name.ToString();
    }

    private static readonly string[] Known =
    [
        Via, From, To, CallId, CSeq, Contact, MaxForwards, ContentType, ContentLength, ContentEncoding, Route,
        RecordRoute, UserAgent, Server, Allow, Supported, Require, Warning, Subject, Expires, RetryAfter, Reason, Accept,
        "Allow-Events", "Unsupported", "Session-Expires", "Min-SE", "RSeq", "RAck", "Event", "Refer-To", "Referred-By",
        "Authorization", "WWW-Authenticate", "Proxy-Authorization", "Proxy-Authenticate", Date, "Timestamp",
    ];

    /// <summary>
    /// The id of a received header name (long or compact form, any case), <see cref="HeaderId.Unknown"/> for the rest.
    /// Names of the compact table that <see cref="Canonical(ReadOnlySpan{char})"/> does not intern in their long form
    /// keep that behaviour: only their compact letter maps to an id.
    /// </summary>
    internal static HeaderId Identify(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            return name[0] < 128 && Expand(char.ToLowerInvariant((char)name[0])) is { } expanded ? IdOf(expanded) : HeaderId.Unknown;
        }

        var letter = (name[0] | 0x20) - 'a';
        if ((uint)letter >= (uint)ByInitial.Length)
        {
            return HeaderId.Unknown;
        }

        foreach (var id in ByInitial[letter])
        {
            var known = Names[(int)id];
            if (known.Length == name.Length && System.Text.Ascii.EqualsIgnoreCase(name, known))
            {
                return id;
            }
        }

        return HeaderId.Unknown;
    }

    /// <summary>The number of ids, <see cref="HeaderId.Unknown"/> included: the size of a table indexed by id.</summary>
    internal const int IdCount = (int)HeaderId.RequestDisposition + 1;

    /// <summary>The canonical name of a known id.</summary>
    internal static string NameOf(HeaderId id) => Names[(int)id];

    private static HeaderId IdOf(string canonical) => (HeaderId)Array.IndexOf(Names, canonical);

    /// <summary>The id of a header name in any form (compact, any case), <see cref="HeaderId.Unknown"/> for the rest.</summary>
    internal static HeaderId Find(string name) =>
        Array.IndexOf(Names, Canonical(name.AsSpan())) is > 0 and var i ? (HeaderId)i : HeaderId.Unknown;

    // Indexed by HeaderId; the order is the enum's.
    private static readonly string[] Names =
    [
        "", Via, From, To, CallId, CSeq, Contact, MaxForwards, ContentType, ContentLength, ContentEncoding, Route,
        RecordRoute, UserAgent, Server, Allow, Supported, Require, Warning, Subject, Expires, RetryAfter, Reason, Accept,
        "Allow-Events", Unsupported, "Session-Expires", "Min-SE", "RSeq", "RAck", "Event", "Refer-To", "Referred-By",
        "Authorization", "WWW-Authenticate", "Proxy-Authorization", "Proxy-Authenticate", Date, "Timestamp",
        "Identity", "Accept-Contact", "Reject-Contact", "Request-Disposition",
    ];

    // The long-form lookup of Identify, bucketed by initial letter: the ids of Known (what Canonical interns).
    private static readonly HeaderId[][] ByInitial =
    [
        .. Enumerable.Range('a', 26).Select(c => Known.Where(k => char.ToLowerInvariant(k[0]) == c).Select(IdOf).ToArray()),
    ];

    private static string? Expand(char c) => c switch
    {
        'v' => Via,
        'f' => From,
        't' => To,
        'i' => CallId,
        'm' => Contact,
        'c' => ContentType,
        'l' => ContentLength,
        'e' => ContentEncoding,
        's' => Subject,
        'k' => Supported,
        'o' => "Event",
        'r' => "Refer-To",
        'b' => "Referred-By",
        'u' => "Allow-Events",
        'x' => "Session-Expires",
        'y' => "Identity",
        'a' => "Accept-Contact",
        'j' => "Reject-Contact",
        'd' => "Request-Disposition",
        _ => null,
    };
}

/// <summary>The header names a received message indexes by number (the order of HeaderNames' table).</summary>
internal enum HeaderId : byte
{
    Unknown,
    Via,
    From,
    To,
    CallId,
    CSeq,
    Contact,
    MaxForwards,
    ContentType,
    ContentLength,
    ContentEncoding,
    Route,
    RecordRoute,
    UserAgent,
    Server,
    Allow,
    Supported,
    Require,
    Warning,
    Subject,
    Expires,
    RetryAfter,
    Reason,
    Accept,
    AllowEvents,
    Unsupported,
    SessionExpires,
    MinSE,
    RSeq,
    RAck,
    Event,
    ReferTo,
    ReferredBy,
    Authorization,
    WwwAuthenticate,
    ProxyAuthorization,
    ProxyAuthenticate,
    Date,
    Timestamp,
    Identity,
    AcceptContact,
    RejectContact,
    RequestDisposition,
}
