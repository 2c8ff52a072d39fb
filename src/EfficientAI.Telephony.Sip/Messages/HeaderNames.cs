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
