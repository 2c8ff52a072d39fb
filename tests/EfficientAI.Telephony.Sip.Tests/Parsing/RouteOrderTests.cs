using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>
/// Record-Route and Route are ordered lists (RFC 3261 §20.30, §20.34): the order of values, across and within lines,
/// is the route. The values are those of the RFC's own examples for the §24.2 proxies.
/// </summary>
public class RouteOrderTests
{
    // §24.2 F9 as it would be had both proxies record-routed: the §20.30 example value.
    private static readonly string RecordRoutedOk = Rfc3261Examples.OkF9.Replace(
        "To: Bob",
        "Record-Route: <sip:server10.biloxi.com;lr>, <sip:bigbox3.site3.atlanta.com;lr>\r\nTo: Bob",
        StringComparison.Ordinal);

    // Bob's BYE (F13) along that route: the §20.34 example value, one value per line.
    private static readonly string RoutedBye = Rfc3261Examples.ByeF13.Replace(
        "Max-Forwards: 70\r\n",
        "Max-Forwards: 70\r\nRoute: <sip:server10.biloxi.com;lr>\r\nRoute: <sip:bigbox3.site3.atlanta.com;lr>\r\n",
        StringComparison.Ordinal);

    [Fact]
    public void RecordRoute_ValuesKeepTheirOrder()
    {
        var ok = SipText.Response(RecordRoutedOk);

        Assert.Equal(["sip:server10.biloxi.com;lr", "sip:bigbox3.site3.atlanta.com;lr"], ok.RecordRoutes.Select(r => r.Uri.ToString()));
        Assert.All(ok.RecordRoutes, r => Assert.True(r.Uri.Parameters.Contains("lr")));
    }

    [Fact]
    public void Route_OnSeparateLines_KeepsLineOrder()
    {
        var bye = SipText.Request(RoutedBye);

        Assert.Equal(["server10.biloxi.com", "bigbox3.site3.atlanta.com"], bye.Routes.Select(r => r.Uri.Host));
    }

    [Fact]
    public void Route_OnOneLine_IsTheSameRouteAsOnSeparateLines()
    {
        var oneLine = SipText.Request(RoutedBye.Replace(
            "Route: <sip:server10.biloxi.com;lr>\r\nRoute: <sip:bigbox3.site3.atlanta.com;lr>",
            "Route: <sip:server10.biloxi.com;lr>,<sip:bigbox3.site3.atlanta.com;lr>",
            StringComparison.Ordinal));

        Assert.Equal(SipText.Request(RoutedBye).Routes.Select(r => r.ToString()), oneLine.Routes.Select(r => r.ToString()));
    }

    [Fact]
    public void UacRouteSet_IsTheRecordRouteReversed()
    {
        // §12.1.2: the UAC's route set is the 2xx's Record-Route in reverse, so Alice's first hop is her own proxy.
        var routeSet = SipText.Response(RecordRoutedOk).RecordRoutes;
        routeSet.Reverse();

        Assert.Equal("bigbox3.site3.atlanta.com", routeSet[0].Uri.Host);
    }
}
