namespace OrleansIm.Storage.Tests.Orleans;

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    private int _ticks;

    public Task Start(string reminderName, TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(reminderName, dueTime, period);

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public async Task Stop(string reminderName)
    {
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ticks++;
        return Task.CompletedTask;
    }
}
