namespace HvDsl.Cli;

/// <summary>
/// The exit statuses of every <c>hvdsl</c> command, which scripts rely on (the table in docs/cli.md); a guest's debug-exit
/// write of V gives (V &lt;&lt; 1) | 1, so the odd statuses of <c>run</c>, <c>resume</c> and <c>migrate</c> belong to the guest.
/// </summary>
internal static class ExitStatus
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The specs have problems, a file named on the command line is missing, or a service cannot start.</summary>
    public const int Problems = 1;

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

    /// <summary>The command line, or an image, kernel or snapshot it names, is unusable (EX_USAGE), in every command.</summary>
    public const int Usage = 64;

    /// <summary>The migration target could not be reached or the connection broke while sending (EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;

    /// <summary>A bug in hvdsl itself (EX_SOFTWARE).</summary>
    public const int Internal = 70;

    /// <summary>Ctrl+C (SIGINT) or SIGTERM stopped the guest, which was then reported as at any other end (128 + SIGINT, as shells give).</summary>
    public const int Interrupted = 130;
}
