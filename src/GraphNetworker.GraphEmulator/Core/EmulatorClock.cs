namespace GraphNetworker.GraphEmulator.Core;

/// <summary>
/// The emulator's clock: the configured <see cref="TimeProvider"/> plus an offset that the control API can
/// move (set or advance), so Retry-After windows and delta-token ages can be tested without sleeping.
/// Timers (latency, slow responses) run on the inner provider.
/// </summary>
internal sealed class EmulatorClock : TimeProvider
{
    private readonly TimeProvider _inner;
    private long _offsetTicks;

    public EmulatorClock(TimeProvider inner) => _inner = inner;

    public TimeProvider Inner => _inner;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _inner.CreateTimer(callback, state, dueTime, period);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public void Set(DateTimeOffset now) =>
        Interlocked.Exchange(ref _offsetTicks, (now - _inner.GetUtcNow()).Ticks);
}
