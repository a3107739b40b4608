namespace HvDsl.Cli.Running;

/// <summary>The exit statuses of <c>hvdsl run</c>, which scripts rely on; a debug-exit write of V gives (V &lt;&lt; 1) | 1.</summary>
internal static class RunExitStatus
{
    /// <summary>The guest executed HLT with interrupts disabled.</summary>
    public const int Halted = 0;

    /// <summary><c>--save-at</c> was reached and the snapshot written.</summary>
    public const int Saved = 0;

    /// <summary><c>--migrate-to</c> was reached and the machine sent.</summary>
    public const int Migrated = 0;

    /// <summary>The guest faulted beyond recovery (triple fault, unmapped memory, a halt nothing can wake).</summary>
    public const int Fault = 2;

    /// <summary>The instruction budget ran out.</summary>
    public const int BudgetSpent = 4;

    /// <summary>The guest reset the machine through the 8042 (command 0xFE to port 0x64); hvdsl does not reboot it.</summary>
    public const int Reboot = 32;

    /// <summary>The command line or the image is unusable (EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>The migration target could not be reached or the connection broke while sending (EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;

    /// <summary>A bug in hvdsl itself (EX_SOFTWARE).</summary>
    public const int Internal = 70;
}
