using EfficientAI.Telephony.Sip.Authentication;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Registration;
using EfficientAI.Telephony.Sip.Tests.Authentication;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Sip.Tests.Registration;

/// <summary>
/// REGISTER (RFC 3261 §10.2) against a scripted registrar on loopback UDP, with the user agent on a fake clock so that
/// refreshes happen exactly when the clock says and not a moment before.
/// </summary>
public sealed class SipRegistrationTests : IAsyncLifetime
{
    private const string Realm = "registrar.test";
    private const string Password = "reg-secret";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ScriptedSipServer _registrar;
    private SipUserAgent _ua = null!;

    /// <summary>What the registrar grants (seconds), whatever is asked; null grants what is asked.</summary>
    private int? _grant = 60;

    public SipRegistrationTests()
    {
        _registrar = new ScriptedSipServer(Registrar);
    }

    public Task InitializeAsync()
    {
        _ua = SipUserAgent.Start(new SipUserAgentOptions { UserName = "tester" }, _time, NullLogger.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _ua.DisposeAsync();
        await _registrar.DisposeAsync();
    }

    [Fact]
    public async Task Register_AnswersTheChallenge_AndReportsTheGrantedExpiry()
    {
        await using var registration = Registration(Password);

        var result = await registration.RegisterAsync().WaitAsync(Bound);

        Assert.Equal(RegistrationState.Registered, result.State);
        Assert.Equal(TimeSpan.FromSeconds(60), result.Granted);
        var registers = _registrar.Received(SipMethods.Register);
        Assert.Equal(2, registers.Count);
        Assert.True(ScriptedSipServer.HasValidCredentials(registers[1], Realm, Password));
        Assert.Equal($"<{_ua.ContactUri}>", registers[1].Headers[HeaderNames.Contact]);
        Assert.Equal("3600", registers[1].Headers[HeaderNames.Expires]);
        Assert.Equal("sip:tester@registrar.test", registers[1].To!.Uri.ToString());
        Assert.Equal($"sip:127.0.0.1:{_registrar.EndPoint.Port}", registers[1].RequestUri.ToString());
    }

    [Fact]
    public async Task Refresh_IsSentAtHalfTheGrantedTime_InTheSameCallIdWithAHigherCSeq()
    {
        await using var registration = Registration(Password);
        await registration.RegisterAsync().WaitAsync(Bound);
        var before = _registrar.Received(SipMethods.Register);

        _time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(200);
        Assert.Equal(before.Count, _registrar.Received(SipMethods.Register).Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        var refresh = await NextRegisterAfter(before.Count);

        Assert.Equal(before[0].CallId, refresh.CallId);
        Assert.Equal(before[0].From!.Tag, refresh.From!.Tag);
        Assert.True(refresh.CSeq!.Value.Number > before[^1].CSeq!.Value.Number);
    }

    [Fact]
    public async Task Refresh_FollowsEachNewGrant()
    {
        await using var registration = Registration(Password);
        await registration.RegisterAsync().WaitAsync(Bound);
        _grant = 20;
        var count = _registrar.Received(SipMethods.Register).Count;
        _time.Advance(TimeSpan.FromSeconds(30));
        await NextRegisterAfter(count);
        await WaitUntil(() => registration.Last.Granted == TimeSpan.FromSeconds(20));
        count = _registrar.Received(SipMethods.Register).Count;

        _time.Advance(TimeSpan.FromSeconds(10));

        await NextRegisterAfter(count);
    }

    [Fact]
    public async Task Dispose_RemovesTheBinding_WithExpiresZero()
    {
        var registration = Registration(Password);
        await registration.RegisterAsync().WaitAsync(Bound);

        await registration.DisposeAsync().AsTask().WaitAsync(Bound);

        var last = _registrar.Received(SipMethods.Register)[^1];
        Assert.Equal("0", last.Headers[HeaderNames.Expires]);
        Assert.Equal($"<{_ua.ContactUri}>", last.Headers[HeaderNames.Contact]);
        Assert.Equal(RegistrationState.Unregistered, registration.Last.State);
    }

    [Fact]
    public async Task AfterUnregister_NoMoreRefreshes()
    {
        await using var registration = Registration(Password);
        await registration.RegisterAsync().WaitAsync(Bound);
        await registration.UnregisterAsync().WaitAsync(Bound);
        var count = _registrar.Received(SipMethods.Register).Count;

        _time.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(200);

        Assert.Equal(count, _registrar.Received(SipMethods.Register).Count);
    }

    [Fact]
    public async Task WrongPassword_FailsWithTheCause()
    {
        await using var registration = Registration("not-it");

        var result = await registration.RegisterAsync().WaitAsync(Bound);

        Assert.Equal(RegistrationState.Failed, result.State);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal($"authentication failed: 401 after credentials for realm \"{Realm}\"", result.Cause);
    }

    [Fact]
    public async Task IntervalTooBrief_IsRetriedWithMinExpires()
    {
        _registrar.Respond = r =>
        {
            var asked = int.Parse(r.Headers[HeaderNames.Expires]!, System.Globalization.CultureInfo.InvariantCulture);
            if (asked is > 0 and < 7200)
            {
                var tooBrief = ScriptedSipServer.Reply(r, 423);
                tooBrief.Headers.Add("Min-Expires", "7200");
                return [tooBrief];
            }

            var ok = ScriptedSipServer.Reply(r, 200);
            ok.Headers.Add(HeaderNames.Contact, $"{r.Headers[HeaderNames.Contact]};expires={asked}");
            return [ok];
        };
        await using var registration = new SipRegistration(_ua, new RegistrationOptions
        {
            Registrar = SipUri.Create(null, "127.0.0.1", _registrar.EndPoint.Port),
            AddressOfRecord = SipUri.Parse("sip:tester@registrar.test"),
        });

        var result = await registration.RegisterAsync().WaitAsync(Bound);

        Assert.Equal(RegistrationState.Registered, result.State);
        Assert.Equal(TimeSpan.FromSeconds(7200), result.Granted);
        Assert.Equal(["3600", "7200"], _registrar.Received(SipMethods.Register).Select(r => r.Headers[HeaderNames.Expires]));
    }

    private SipRegistration Registration(string password) => new(_ua, new RegistrationOptions
    {
        Registrar = SipUri.Create(null, "127.0.0.1", _registrar.EndPoint.Port),
        AddressOfRecord = SipUri.Parse("sip:tester@registrar.test"),
        Account = new SipAccount { Credentials = new SipCredentials("tester", password) },
    });

    /// <summary>Challenges REGISTER without valid credentials; grants <see cref="_grant"/> seconds in the Contact's expires.</summary>
    private IEnumerable<SipResponse> Registrar(SipRequest request)
    {
        if (!ScriptedSipServer.HasValidCredentials(request, Realm, Password))
        {
            return [ScriptedSipServer.Challenge(request, 401, $"Digest realm=\"{Realm}\", nonce=\"{Guid.NewGuid():N}\", qop=\"auth\"")];
        }

        var ok = ScriptedSipServer.Reply(request, 200);
        var asked = request.Headers[HeaderNames.Expires];
        var granted = asked == "0" ? "0" : (_grant?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? asked);
        // §10.3 step 8: the 200 lists the bindings with their expiry; another UA's binding comes first here.
        ok.Headers.Add(HeaderNames.Contact, "<sip:other@192.0.2.1:5060>;expires=3000");
        if (granted != "0")
        {
            ok.Headers.Add(HeaderNames.Contact, $"{request.Headers[HeaderNames.Contact]};expires={granted}");
        }

        return [ok];
    }

    private async Task<SipRequest> NextRegisterAfter(int count)
    {
        await WaitUntil(() => _registrar.Received(SipMethods.Register).Count > count);
        return _registrar.Received(SipMethods.Register)[count];
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
