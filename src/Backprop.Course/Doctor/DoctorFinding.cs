namespace Backprop.Course.Doctor;

/// <summary>What one doctor check found: OK, a problem with a one-line fix, or skipped (with why).</summary>
internal sealed record DoctorFinding(DoctorStatus Status, string Detail, string? Fix = null)
{
    public static DoctorFinding Ok(string detail) => new(DoctorStatus.Ok, detail);

    public static DoctorFinding Problem(string detail, string fix) => new(DoctorStatus.Problem, detail, fix);

    public static DoctorFinding Skipped(string why) => new(DoctorStatus.Skipped, why);
}

/// <summary>The outcome of a doctor check.</summary>
internal enum DoctorStatus
{
    Ok,
    Problem,
    Skipped,
}
