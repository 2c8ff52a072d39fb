namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// The static payload types of RFC 3551 Table 4 and 5, which an SDP may list without an <c>a=rtpmap</c> line.
/// </summary>
public static class StaticPayloadTypes
{
    private static readonly (string Name, int ClockRate)?[] Table = BuildTable();

    /// <summary>Returns the format a static payload type stands for, or null for dynamic/unassigned numbers.</summary>
    public static MediaFormat? Find(int payloadType)
    {
        if (payloadType < 0 || payloadType >= Table.Length || Table[payloadType] is not { } entry)
        {
            return null;
        }

        return new MediaFormat(payloadType, entry.Name, entry.ClockRate);
    }

    private static (string, int)?[] BuildTable()
    {
        var table = new (string, int)?[35];
        table[0] = ("PCMU", 8000);
        table[3] = ("GSM", 8000);
        table[4] = ("G723", 8000);
        table[5] = ("DVI4", 8000);
        table[6] = ("DVI4", 16000);
        table[7] = ("LPC", 8000);
        table[8] = ("PCMA", 8000);

        // RFC 3551 §4.5.2: G722 is listed with 8000 although it samples at 16 kHz, for historical reasons.
        table[9] = ("G722", 8000);
        table[10] = ("L16", 44100);
        table[11] = ("L16", 44100);
        table[12] = ("QCELP", 8000);
        table[13] = ("CN", 8000);
        table[14] = ("MPA", 90000);
        table[15] = ("G728", 8000);
        table[16] = ("DVI4", 11025);
        table[17] = ("DVI4", 22050);
        table[18] = ("G729", 8000);
        table[25] = ("CelB", 90000);
        table[26] = ("JPEG", 90000);
        table[28] = ("nv", 90000);
        table[31] = ("H261", 90000);
        table[32] = ("MPV", 90000);
        table[33] = ("MP2T", 90000);
        table[34] = ("H263", 90000);
        return table;
    }
}
