using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace EfficientAI.Telephony.Media.Recording;

/// <summary>
/// Records a call as a 16-bit PCM stereo WAV file, caller on the left channel and agent on the right, each sample
/// placed at its media-clock index (gaps are silence). The two sides arrive from different threads (the pacer
/// writes what we send, the receive loop what we hear) and at different times, so the last
/// <c>window</c> of audio is held in a ring buffer; frames are written to the file once both sides have passed
/// them, or when one side runs a whole window ahead of the other (a silent peer must not hold memory).
/// Samples that arrive for a part already written are dropped and counted. <see cref="Dispose"/> writes the rest
/// and fixes the RIFF sizes.
/// </summary>
public sealed class StereoWavRecorder : IDisposable
{
    private const int HeaderLength = 44;
    private const int Channels = 2;
    private const int BytesPerFrame = Channels * sizeof(short);

    private readonly FileStream _file;
    private readonly short[] _ring;
    private readonly int _windowFrames;
    private readonly int _flushThresholdFrames;
    private readonly Lock _gate = new();
    private byte[]? _bigEndianScratch;
    private long _flushed;
    private long _leftEnd;
    private long _rightEnd;
    private long _droppedSamples;
    private bool _disposed;

    /// <summary>Creates (or overwrites) the file and writes a provisional header.</summary>
    /// <param name="path">The WAV file to write.</param>
    /// <param name="sampleRate">Samples per second of both channels (the media clock's rate).</param>
    /// <param name="window">How much audio to hold for the slower side; 2 s when not given.</param>
    public StereoWavRecorder(string path, int sampleRate, TimeSpan? window = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var span = window ?? TimeSpan.FromSeconds(2);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(span, TimeSpan.Zero);

        Path = path;
        SampleRate = sampleRate;
        _windowFrames = (int)Math.Max(1, span.Ticks * sampleRate / TimeSpan.TicksPerSecond);
        _flushThresholdFrames = Math.Max(1, Math.Min(_windowFrames / 4, sampleRate / 10));
        _ring = new short[_windowFrames * Channels];
        _file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize: 64 * 1024);
        Span<byte> header = stackalloc byte[HeaderLength];
        WriteHeader(header, sampleRate, dataBytes: 0);
        _file.Write(header);
    }

    /// <summary>The file being written.</summary>
    public string Path { get; }

    /// <summary>The sample rate of both channels.</summary>
    public int SampleRate { get; }

    /// <summary>Stereo frames written to the file so far.</summary>
    public long FramesWritten
    {
        get
        {
            lock (_gate)
            {
                return _flushed;
            }
        }
    }

    /// <summary>Samples dropped because they arrived for a part of the file already written, or had a negative index.</summary>
    public long DroppedSamples => Interlocked.Read(ref _droppedSamples);

    /// <summary>Places the caller's samples, starting at <paramref name="sampleIndex"/>, on the left channel.</summary>
    public void WriteLeft(long sampleIndex, ReadOnlySpan<short> samples) => Write(0, sampleIndex, samples);

    /// <summary>Places the agent's samples, starting at <paramref name="sampleIndex"/>, on the right channel.</summary>
    public void WriteRight(long sampleIndex, ReadOnlySpan<short> samples) => Write(1, sampleIndex, samples);

    /// <summary>Writes everything held, up to the furthest sample of either side, and fixes the RIFF header.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            FlushTo(Math.Max(_leftEnd, _rightEnd));

            // RIFF sizes are 32-bit; past 4 GiB (about 37 hours at 8 kHz) the header saturates and readers go by length.
            long dataBytes = _flushed * BytesPerFrame;
            uint clamped = (uint)Math.Min(dataBytes, uint.MaxValue - HeaderLength);
            Span<byte> header = stackalloc byte[HeaderLength];
            WriteHeader(header, SampleRate, clamped);
            _file.Position = 0;
            _file.Write(header);
            _file.Dispose();
        }
    }

    private void Write(int channel, long sampleIndex, ReadOnlySpan<short> samples)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (!samples.IsEmpty)
            {
                if (sampleIndex < _flushed)
                {
                    int late = (int)Math.Min(samples.Length, _flushed - sampleIndex);
                    Interlocked.Add(ref _droppedSamples, late);
                    samples = samples[late..];
                    sampleIndex += late;
                    continue;
                }

                // A write never spans more than the window, so the ring holds all of it at once.
                int count = Math.Min(samples.Length, _windowFrames);
                long end = sampleIndex + count;
                if (end - _flushed > _windowFrames)
                {
                    // This side ran a window ahead of the other; what falls out of the window is final.
                    FlushTo(end - _windowFrames);
                }

                Place(channel, sampleIndex, samples[..count]);
                if (channel == 0)
                {
                    _leftEnd = Math.Max(_leftEnd, end);
                }
                else
                {
                    _rightEnd = Math.Max(_rightEnd, end);
                }

                samples = samples[count..];
                sampleIndex = end;
            }

            long complete = Math.Min(_leftEnd, _rightEnd);
            if (complete - _flushed >= _flushThresholdFrames)
            {
                FlushTo(complete);
            }
        }
    }

    private void Place(int channel, long sampleIndex, ReadOnlySpan<short> samples)
    {
        int slot = (int)(sampleIndex % _windowFrames);
        for (int i = 0; i < samples.Length; i++)
        {
            _ring[(slot * Channels) + channel] = samples[i];
            if (++slot == _windowFrames)
            {
                slot = 0;
            }
        }
    }

    /// <summary>Writes frames [flushed, target) to the file and clears their ring slots to silence.</summary>
    private void FlushTo(long target)
    {
        while (_flushed < target)
        {
            int slot = (int)(_flushed % _windowFrames);
            int count = (int)Math.Min(target - _flushed, _windowFrames - slot);
            var frames = _ring.AsSpan(slot * Channels, count * Channels);
            WriteSamples(frames);
            frames.Clear();
            _flushed += count;
        }
    }

    private void WriteSamples(Span<short> samples)
    {
        if (BitConverter.IsLittleEndian)
        {
            _file.Write(MemoryMarshal.AsBytes(samples));
            return;
        }

        // WAV is little-endian (RIFF); swap on big-endian hosts.
        _bigEndianScratch ??= new byte[_ring.Length * sizeof(short)];
        var bytes = _bigEndianScratch.AsSpan(0, samples.Length * sizeof(short));
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes[(i * 2)..], samples[i]);
        }

        _file.Write(bytes);
    }

    /// <summary>The canonical 44-octet header: RIFF/WAVE, a 16-octet PCM fmt chunk, the data chunk header.</summary>
    private static void WriteHeader(Span<byte> header, int sampleRate, uint dataBytes)
    {
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 36 + dataBytes);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * BytesPerFrame));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], BytesPerFrame);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], dataBytes);
    }
}
