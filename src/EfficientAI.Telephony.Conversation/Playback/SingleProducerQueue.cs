namespace EfficientAI.Telephony.Conversation.Playback;

/// <summary>
/// Bounded lock-free queue for one producer thread and one consumer thread, over a preallocated
/// array of structs: the receive thread hands requests to the pacer without locks or allocation.
/// </summary>
internal sealed class SingleProducerQueue<T>
    where T : struct
{
    private readonly T[] _items;
    private readonly int _mask;
    private long _head;
    private long _tail;

    public SingleProducerQueue(int capacityPowerOfTwo)
    {
        if (capacityPowerOfTwo <= 0 || (capacityPowerOfTwo & (capacityPowerOfTwo - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacityPowerOfTwo), capacityPowerOfTwo, "The capacity must be a power of two.");
        }

        _items = new T[capacityPowerOfTwo];
        _mask = capacityPowerOfTwo - 1;
    }

    /// <summary>Producer side. False when full.</summary>
    public bool TryEnqueue(in T item)
    {
        long tail = _tail;
        if (tail - Volatile.Read(ref _head) >= _items.Length)
        {
            return false;
        }

        _items[tail & _mask] = item;

        // Release: the item is fully written before the consumer can see the new tail.
        Volatile.Write(ref _tail, tail + 1);
        return true;
    }

    /// <summary>Consumer side: the oldest item without removing it.</summary>
    public bool TryPeek(out T item)
    {
        long head = _head;
        if (head >= Volatile.Read(ref _tail))
        {
            item = default;
            return false;
        }

        item = _items[head & _mask];
        return true;
    }

    /// <summary>Consumer side: removes the item last returned by <see cref="TryPeek"/>.</summary>
    public void Dequeue()
    {
        long head = _head;
        if (head >= Volatile.Read(ref _tail))
        {
            throw new InvalidOperationException("The queue is empty.");
        }

        Volatile.Write(ref _head, head + 1);
    }
}
