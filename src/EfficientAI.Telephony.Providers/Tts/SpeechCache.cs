using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EfficientAI.Telephony.Conversation.Audio;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Providers.Tts;

/// <summary>
/// Synthesised clips by key, in memory and (optionally) on disk as WAV files named by the key's
/// SHA-256, so a line is synthesised once per machine rather than once per call.
/// </summary>
internal sealed class SpeechCache(string? directory, int maxMemoryEntries, ILogger logger)
{
    private readonly ConcurrentDictionary<string, AudioClip> _memory = new(StringComparer.Ordinal);

    public int DiskHits;

    public static string FileNameFor(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + ".wav";

    public string? PathFor(string key) => directory is null ? null : Path.Combine(directory, FileNameFor(key));

    public async ValueTask<AudioClip?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        if (_memory.TryGetValue(key, out AudioClip? clip))
        {
            return clip;
        }

        string? path = PathFor(key);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            clip = await WavFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            // A truncated file (a crash mid-write on a file system without atomic rename) is re-synthesised.
            TtsLog.CorruptCacheFile(logger, path, e);
            return null;
        }

        Interlocked.Increment(ref DiskHits);
        TtsLog.DiskHit(logger, path);
        Remember(key, clip);
        return clip;
    }

    public async Task StoreAsync(string key, AudioClip clip, CancellationToken cancellationToken)
    {
        Remember(key, clip);
        string? path = PathFor(key);
        if (path is null)
        {
            return;
        }

        // Write beside the target and rename, so a reader never sees half a file.
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(directory!);
            await WavFile.WriteAsync(temporary, clip, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TtsLog.CacheWriteFailed(logger, path, e);
            File.Delete(temporary);
        }
    }

    private void Remember(string key, AudioClip clip)
    {
        if (_memory.Count < maxMemoryEntries)
        {
            _memory.TryAdd(key, clip);
        }
    }
}
