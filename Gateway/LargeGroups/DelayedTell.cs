namespace OrleansIm.Gateway.LargeGroups;

/// <summary>One slot of a spread hint: its members, told once when the timer fires, then the timer is let go.</summary>
internal sealed class DelayedTell(List<string> members, Action<string> tell)
{
    private ITimer? _timer;

    public void Start(TimeProvider clock, TimeSpan due) =>
        _timer = clock.CreateTimer(static state => ((DelayedTell)state!).Fire(), this, due, Timeout.InfiniteTimeSpan);

    private void Fire()
    {
        foreach (var userId in members)
        {
            tell(userId);
        }
        // A one-shot timer that fired holds nothing; disposing it only returns it sooner. The
        // due time is at least one slot, so the field is set by now.
        _timer?.Dispose();
    }
}
