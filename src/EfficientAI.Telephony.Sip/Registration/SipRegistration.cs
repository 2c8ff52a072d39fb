using System.Globalization;
using System.Net.Sockets;
using EfficientAI.Telephony.Sip.Authentication;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transport;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Sip.Registration;

/// <summary>
/// Binds our contact to an address-of-record at a registrar (RFC 3261 §10.2), keeps the binding alive by refreshing
/// it before it expires (on the user agent's TimeProvider), and removes it with Expires: 0 on shutdown. Calls the
/// registrar then routes to our contact arrive through <see cref="SipUserAgent.IncomingCall"/> like any other.
/// </summary>
public sealed class SipRegistration : IAsyncDisposable
{
    private readonly SipUserAgent _userAgent;
    private readonly RegistrationOptions _options;
    private readonly ILogger _logger;
    private readonly DigestAuthenticator? _authenticator;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly string _callId;
    private readonly string _fromTag = SipIdentifiers.NewTag();
    private readonly CancellationTokenSource _stopping = new();
    private uint _cseq;
    private Task _refreshLoop = Task.CompletedTask;
    private RegistrationResult _last = new(RegistrationState.Unregistered, 0, TimeSpan.Zero, null);
    private int _disposed;

    public SipRegistration(SipUserAgent userAgent, RegistrationOptions options, ILogger? logger = null)
    {
        if (options.Expires < TimeSpan.Zero || options.RefreshAt is <= 0 or >= 1)
        {
            throw new ArgumentException("Expires must be positive and RefreshAt within (0, 1)", nameof(options));
        }

        _userAgent = userAgent;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _authenticator = options.Account?.Credentials is { } credentials ? new DigestAuthenticator(credentials) : null;
        // §10.2: every REGISTER of one UA to one registrar uses the same Call-ID, with CSeq increasing.
        _callId = SipIdentifiers.NewCallId(userAgent.LocalEndPoint.Address.ToString());
    }

    /// <summary>The result of the last REGISTER (registration, refresh or removal).</summary>
    public RegistrationResult Last => Volatile.Read(ref _last);

    /// <summary>Raised after every REGISTER exchange, refreshes included.</summary>
    public event Action<RegistrationResult>? Changed;

    /// <summary>Registers now and, when it succeeds, keeps refreshing the binding until unregistered or disposed.</summary>
    public async Task<RegistrationResult> RegisterAsync(CancellationToken cancellationToken = default)
    {
        var result = await ExchangeAsync(_options.Expires, cancellationToken).ConfigureAwait(false);
        if (result.State == RegistrationState.Registered && _refreshLoop.IsCompleted)
        {
            _refreshLoop = RefreshLoopAsync(result.Granted, _stopping.Token);
        }

        return result;
    }

    /// <summary>Stops refreshing and removes our binding (§10.2.2: our contact with Expires: 0).</summary>
    public async Task<RegistrationResult> UnregisterAsync(CancellationToken cancellationToken = default)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _refreshLoop.ConfigureAwait(false);
        return await ExchangeAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
    }

    private async Task RefreshLoopAsync(TimeSpan granted, CancellationToken stopping)
    {
        var wait = granted * _options.RefreshAt;
        while (true)
        {
            try
            {
                await Task.Delay(wait, _userAgent.Time, stopping).ConfigureAwait(false);
                var result = await ExchangeAsync(_options.Expires, stopping).ConfigureAwait(false);
                wait = result.State == RegistrationState.Registered ? result.Granted * _options.RefreshAt : _options.RetryAfterFailure;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<RegistrationResult> ExchangeAsync(TimeSpan expires, CancellationToken cancellationToken)
    {
        // §10.2: a UA must not send a new REGISTER until the previous one has its final response or timed out.
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await ExchangeOnceAsync(expires, cancellationToken).ConfigureAwait(false);
            if (result is { StatusCode: 423 } && result.Granted > expires)
            {
                // §10.2.8: 423 Interval Too Brief carries Min-Expires; ask again for that much.
                result = await ExchangeOnceAsync(result.Granted, cancellationToken).ConfigureAwait(false);
            }

            Report(result);
            return result;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<RegistrationResult> ExchangeOnceAsync(TimeSpan expires, CancellationToken cancellationToken)
    {
        var request = BuildRegister(expires);
        AuthenticatedExchange exchange;
        try
        {
            exchange = await _userAgent.SendForAccountAsync(request, _options.Account, _authenticator, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return RegistrationResult.Failure(null, $"cannot reach registrar {_options.Registrar}: {ex.SocketErrorCode}");
        }
        catch (SipTransportException ex)
        {
            return RegistrationResult.Failure(null, $"cannot reach registrar {_options.Registrar}: {ex.Message}");
        }

        _cseq = exchange.LastRequest.CSeq!.Value.Number;
        var response = exchange.Response;
        if (response is null)
        {
            return RegistrationResult.Failure(null, "no response to REGISTER within 64*T1 (Timer F)");
        }

        if (exchange.AuthenticationFailure is { } authFailure)
        {
            return RegistrationResult.Failure(response, authFailure);
        }

        if (response.StatusCode == 423 && TryReadSeconds(response.Headers["Min-Expires"], out var minimum))
        {
            return new RegistrationResult(RegistrationState.Failed, 423, minimum, $"423 {response.ReasonPhrase}: registrar wants at least {minimum.TotalSeconds:0} s");
        }

        if (response.StatusCode is 401 or 407)
        {
            return RegistrationResult.Failure(response, $"authentication required: {response.StatusCode} and no credentials configured");
        }

        if (!response.IsSuccess)
        {
            return RegistrationResult.Failure(response, $"{response.StatusCode} {response.ReasonPhrase}");
        }

        return expires == TimeSpan.Zero
            ? new RegistrationResult(RegistrationState.Unregistered, response.StatusCode, TimeSpan.Zero, null)
            : new RegistrationResult(RegistrationState.Registered, response.StatusCode, GrantedExpiry(response, expires), null);
    }

    private SipRequest BuildRegister(TimeSpan expires)
    {
        // §10.2: Request-URI the registrar's domain, To and From the address-of-record, Contact what we bind.
        var register = new SipRequest(SipMethods.Register, _options.Registrar);
        var aor = new NameAddress(_options.AddressOfRecord);
        var from = new NameAddress(_options.AddressOfRecord) { DisplayName = _options.Account?.DisplayName };
        from.Tag = _fromTag;
        register.Headers.Add(HeaderNames.MaxForwards, "70");
        register.Headers.Add(HeaderNames.From, from.ToString());
        register.Headers.Add(HeaderNames.To, aor.ToString());
        register.Headers.Add(HeaderNames.CallId, _callId);
        register.Headers.Add(HeaderNames.CSeq, new CSeqHeader(++_cseq, SipMethods.Register).ToString());
        register.Headers.Add(HeaderNames.Contact, $"<{_userAgent.ContactFor(_options.Registrar, _options.Account)}>");
        register.Headers.Add(HeaderNames.Expires, ((long)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        return register;
    }

    /// <summary>
    /// §10.2.4: the 2xx lists every binding of the address-of-record; ours carries the granted expiry in its expires
    /// parameter, else the Expires header applies, else what we asked for.
    /// </summary>
    private TimeSpan GrantedExpiry(SipResponse ok, TimeSpan requested)
    {
        var mine = _userAgent.ContactFor(_options.Registrar, _options.Account);
        foreach (var value in ok.Headers.GetValues(HeaderNames.Contact))
        {
            if (NameAddress.TryParse(value, out var contact, out _) && SameBinding(contact.Uri, mine)
                && TryReadSeconds(contact.Parameters.Get("expires"), out var granted))
            {
                return granted;
            }
        }

        return TryReadSeconds(ok.Headers[HeaderNames.Expires], out var header) ? header : requested;
    }

    private static bool SameBinding(SipUri a, SipUri b) =>
        string.Equals(a.User, b.User, StringComparison.Ordinal) && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
        && (a.Port ?? 5060) == (b.Port ?? 5060);

    private static bool TryReadSeconds(string? text, out TimeSpan value)
    {
        var ok = uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds);
        value = TimeSpan.FromSeconds(seconds);
        return ok;
    }

    private void Report(RegistrationResult result)
    {
        Volatile.Write(ref _last, result);
        var aor = _options.AddressOfRecord.ToString();
        var registrar = _options.Registrar.ToString();
        switch (result.State)
        {
            case RegistrationState.Registered:
                AuthenticationLog.Registered(_logger, aor, registrar, (int)result.Granted.TotalSeconds);
                break;
            case RegistrationState.Unregistered:
                AuthenticationLog.Unregistered(_logger, aor, registrar);
                break;
            default:
                AuthenticationLog.RegistrationFailed(_logger, aor, registrar, result.Cause ?? "");
                break;
        }

        Changed?.Invoke(result);
    }

    /// <summary>Un-registers when registered (bounded by the REGISTER transaction's Timer F), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (Last.State == RegistrationState.Registered || !_refreshLoop.IsCompleted)
        {
            await UnregisterAsync(CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
        _oneAtATime.Dispose();
    }
}
