namespace VeilorQA.Harness.Targets;

/// <summary>
/// What one live target offers, written down once when the target is made: one line per capability interface, either
/// offered (an instance, or a way to get one that exists only at times, such as a shell after boot) or lacking with the
/// reason a skipped test shows. <see cref="ITarget.Get{T}"/> and <see cref="ITarget.WhyMissing{T}"/> both read it, so
/// what a target can do and why it cannot are never two switches to keep in step.
/// </summary>
/// <remarks>
/// A capability the table never mentions is missing with a generic reason naming the target, unless the table hands the
/// rest to another target (<see cref="DelegateRest"/>): a target that wraps another, such as an installer that becomes
/// the installed system, then needs no line per capability.
/// </remarks>
public sealed class CapabilityTable
{
    private readonly Dictionary<Type, Line> _lines = [];
    private Func<ITarget?>? _rest;
    private string? _restAbsent;

    /// <param name="owner">The target as reasons name it, e.g. <c>VM target refvm</c> or <c>laptop x1</c>.</param>
    public CapabilityTable(string owner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        Owner = owner;
    }

    /// <summary>The target as reasons name it.</summary>
    public string Owner { get; }

    /// <summary>The capability interfaces the table has a line for, in the order they were written.</summary>
    public IReadOnlyCollection<Type> Mentioned => _lines.Keys;

    /// <summary>Offers <paramref name="instance"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">The table already has a line for <typeparamref name="T"/>.</exception>
    public CapabilityTable Offer<T>(T instance)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(instance);
        return Add<T>(new Line(() => instance, null, Lacking: false));
    }

    /// <summary>Offers <paramref name="instance"/> when there is one; lacks <typeparamref name="T"/> for <paramref name="otherwise"/> when it is null.</summary>
    public CapabilityTable Offer<T>(T? instance, string otherwise)
        where T : class =>
        instance is null ? Lack<T>(otherwise) : Offer(instance);

    /// <summary>Offers what <paramref name="resolve"/> returns at each <see cref="Get{T}"/>; <paramref name="whenUnavailable"/> explains a null.</summary>
    public CapabilityTable Offer<T>(Func<T?> resolve, string whenUnavailable)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentException.ThrowIfNullOrWhiteSpace(whenUnavailable);
        return Add<T>(new Line(resolve, whenUnavailable, Lacking: false));
    }

    /// <summary>Records that the target has no <typeparamref name="T"/>, and why (the skip reason).</summary>
    public CapabilityTable Lack<T>(string reason)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return Add<T>(new Line(() => null, reason, Lacking: true));
    }

    /// <summary>
    /// Answers every capability this table has no line for from the target <paramref name="other"/> returns at each
    /// <see cref="Get{T}"/> (its table decides what it offers and why not); while it returns null, they are missing for
    /// <paramref name="whenAbsent"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The table already hands the rest to a target.</exception>
    public CapabilityTable DelegateRest(Func<ITarget?> other, string whenAbsent)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentException.ThrowIfNullOrWhiteSpace(whenAbsent);
        if (_rest is not null)
        {
            throw new InvalidOperationException($"{Owner}: the capability table already hands the rest to another target.");
        }

        _rest = other;
        _restAbsent = whenAbsent;
        return this;
    }

    /// <summary>The capability, or null when the target lacks it (or it is not available now).</summary>
    public T? Get<T>()
        where T : class =>
        _lines.TryGetValue(typeof(T), out var line) ? line.Resolve() as T : _rest?.Invoke()?.Get<T>();

    /// <summary>Whether the table says the target never has <paramref name="capability"/> (a <see cref="Lack{T}"/> line, or no
    /// line at all) — as opposed to one it offers, perhaps only at times (a shell after boot).</summary>
    public bool Lacks(Type capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        return !_lines.TryGetValue(capability, out var line) || line.Lacking;
    }

    /// <summary>Why <typeparamref name="T"/> is missing, for the skip reason.</summary>
    public string WhyMissing<T>()
        where T : class
    {
        if (_lines.TryGetValue(typeof(T), out var line))
        {
            return line.Reason ?? Generic<T>();
        }

        return _rest is null ? Generic<T>() : _rest() is { } other ? other.WhyMissing<T>() : _restAbsent!;
    }

    private string Generic<T>() => $"{Owner} has no {typeof(T).Name}";

    private CapabilityTable Add<T>(Line line)
    {
        if (!typeof(T).IsInterface)
        {
            throw new ArgumentException($"{Owner}: a capability is an interface, not {typeof(T).Name}.");
        }

        if (!_lines.TryAdd(typeof(T), line))
        {
            throw new InvalidOperationException($"{Owner}: the capability table already has a line for {typeof(T).Name}.");
        }

        return this;
    }

    private sealed record Line(Func<object?> Resolve, string? Reason, bool Lacking);
}
