namespace GraphNetworker.Tests.Common;

/// <summary>
/// A clock that starts at a fixed moment (so synthetic tenants are the same every run) and then runs
/// <see cref="Speed"/> times faster than the wall clock: a Retry-After of 10 seconds waits 0.1 s at the default speed,
/// while request timeouts (minutes) still leave real requests ample real time. Integration tests share one with the
/// emulator, so both sides agree on "now".
/// </summary>
public sealed class FastClock(DateTimeOffset start, double speed = 100) : TimeProvider
{
    private readonly long _origin = Wall.GetTimestamp();

    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public FastClock() : this(DefaultStart)
    {
    }

    public double Speed { get; } = speed;

    private static TimeProvider Wall => TimeProvider.System;

    public override DateTimeOffset GetUtcNow() => start + Scale(Wall.GetElapsedTime(_origin), Speed);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Wall.CreateTimer(callback, state, Scale(dueTime, 1 / Speed), Scale(period, 1 / Speed));

    private static TimeSpan Scale(TimeSpan span, double factor) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(1, (long)(span.Ticks * factor)));
}
