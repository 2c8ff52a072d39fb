using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Vad;

namespace EfficientAI.Telephony.Conversation.Tests.Vad;

public sealed class AgentAudioDetectorTests
{
    private const int Rate = 8000;

    [Theory]
    [InlineData(1000, 500)]
    [InlineData(440, 300)]
    [InlineData(1400, 1000)]
    public void ABeep_IsReportedOnce_WithItsFrequencyAndLength(double hz, int ms)
    {
        short[] audio = [.. new short[4000], .. ToneGenerator.Beep(Rate, hz, ms), .. new short[4000]];

        var cues = Run(audio);

        var beep = Assert.Single(cues);
        Assert.Equal(AudioCueKind.Beep, beep.Kind);
        Assert.InRange(beep.FrequencyHz!.Value, hz * 0.98, hz * 1.02);
        Assert.InRange(beep.StartSample, 4000 - 160, 4000 + 160);
        Assert.InRange(beep.EndSample - beep.StartSample, (ms * 8) - 320, (ms * 8) + 160);
    }

    [Fact]
    public void HoldMusic_IsReportedOnce_AfterSecondsOfIt_AndIsNotABeep()
    {
        var cues = Run(ToneGenerator.HoldMusic(Rate, TimeSpan.FromSeconds(8)));

        var music = Assert.Single(cues);
        Assert.Equal(AudioCueKind.HoldMusic, music.Kind);
        Assert.Equal(0, music.StartSample);
        Assert.InRange(music.EndSample, 4 * Rate, 5 * Rate);
    }

    [Fact]
    public void SpeechLikeAudio_AndDualToneKeys_AreNeitherBeepNorMusic()
    {
        var random = new Random(7);
        var audio = new List<short>();
        for (var syllable = 0; syllable < 30; syllable++)
        {
            // A voiced syllable: a 120 Hz pulse train through a crude formant (harmonic-rich, not one tone), then a pause.
            var pitch = 110 + random.Next(40);
            for (var i = 0; i < 1600; i++)
            {
                var t = i / (double)Rate;
                var value = 0.0;
                for (var h = 1; h <= 20; h++)
                {
                    value += Math.Sin(2 * Math.PI * pitch * h * t) / h * (h is >= 4 and <= 7 ? 3 : 1);
                }

                audio.Add((short)(1500 * value));
            }

            audio.AddRange(new short[800 + random.Next(800)]);
        }

        // DTMF '5': 770 Hz + 1336 Hz for 100 ms, 5 keys.
        for (var key = 0; key < 5; key++)
        {
            for (var i = 0; i < 800; i++)
            {
                audio.Add((short)(6000 * (Math.Sin(2 * Math.PI * 770 * i / Rate) + Math.Sin(2 * Math.PI * 1336 * i / Rate))));
            }

            audio.AddRange(new short[800]);
        }

        Assert.Empty(Run([.. audio]));
    }

    private static List<AudioCue> Run(short[] audio)
    {
        var detector = new AgentAudioDetector(Rate);
        var cues = new List<AudioCue>();
        for (var at = 0; at + 160 <= audio.Length; at += 160)
        {
            if (detector.Process(at, audio.AsSpan(at, 160)) is { } cue)
            {
                cues.Add(cue);
            }
        }

        return cues;
    }
}
