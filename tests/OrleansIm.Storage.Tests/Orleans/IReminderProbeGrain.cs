namespace OrleansIm.Storage.Tests.Orleans;

/// <summary>A grain whose only job is to exercise the reminder service.</summary>
[Alias("OrleansIm.Storage.Tests.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Start(string reminderName, TimeSpan dueTime, TimeSpan period);

    /// <summary>How many reminder ticks this activation has received.</summary>
    Task<int> Ticks();

    Task Stop(string reminderName);
}
