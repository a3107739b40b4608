using System;
using System.IO;
using System.Threading.Tasks;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.Run;

/// <summary>How a guest's run ends decides <c>hvdsl run</c>'s exit status; faults never show a .NET stack trace.</summary>
public sealed class ExitStatusTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-run-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Hlt_with_interrupts_disabled_exits_0()
    {
        var image = GuestCode.Write(scratch, 16, a => { a.cli(); a.hlt(); });

        var (exit, _, errors) = Cli.Run("run", "--image", image, "--mode", "real");

        Assert.Equal(0, exit);
        Assert.Contains("Halt", errors);
    }

    [Fact]
    public void Debug_exit_write_of_v_exits_v_shifted_left_or_1()
    {
        var image = GuestCode.Write(scratch, 32, a => { a.mov(al, 5); a.@out(0xF4, al); a.hlt(); });

        var (exit, _, _) = Cli.Run("run", "--image", image, "--mode", "protected");

        Assert.Equal(11, exit);
    }

    [Fact]
    public void Debug_exit_32_bit_write_exits_v_shifted_left_or_1()
    {
        var image = GuestCode.Write(scratch, 32, a => { a.mov(eax, 3); a.@out(0xF4, eax); a.hlt(); });

        var (exit, _, _) = Cli.Run("run", "--image", image, "--mode", "protected");

        Assert.Equal(7, exit);
    }

    [Theory]
    [InlineData("real")]
    [InlineData("protected")]
    [InlineData("long")]
    public async Task Sti_hlt_with_nothing_armed_to_wake_it_exits_2(string mode)
    {
        var image = Path.Combine(scratch, "sti-hlt.bin");
        File.WriteAllBytes(image, [0xFB, 0xF4]);

        // On another thread, so a regression fails here (TimeoutException) instead of hanging the test run; the bound is generous.
        var (exit, _, errors) = await Task.Run(() => Cli.Run("run", "--image", image, "--mode", mode)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Contains("guest halted with interrupts enabled and nothing armed to wake it", errors);
        Assert.Contains("guest instructions: 2", errors);
    }

    [Fact]
    public void Tiny_guest_in_16_gib_of_memory_runs_to_its_halt()
    {
        if (Runtime.Memory.PhysicalMemory.HostLimit < 16UL << 30) return; // this host could not give it
        var image = GuestCode.Write(scratch, 64, a => { a.mov(al, (byte)'!'); a.@out(0xE9, al); a.hlt(); });

        var (exit, output, _) = Cli.Run("run", "--image", image, "--mode", "long", "--memory", "16G");

        Assert.Equal(0, exit);
        Assert.Equal("!", output);
    }

    [Fact]
    public void I8042_reset_command_ends_the_run_as_a_reboot_with_status_32()
    {
        var image = GuestCode.Write(scratch, 32, a => { var self = a.CreateLabel(); a.mov(al, 0xFE); a.@out(0x64, al); a.Label(ref self); a.jmp(self); });

        var (exit, _, errors) = Cli.Run("run", "--image", image, "--mode", "protected");

        Assert.Equal(32, exit);
        Assert.Contains("guest asked for a reboot: i8042 command 0xFE on port 0x64", errors);
    }

    [Fact]
    public void Port_e9_bytes_reach_stdout_in_long_mode()
    {
        var image = GuestCode.Write(scratch, 64, a => { a.mov(al, (byte)'!'); a.@out(0xE9, al); a.hlt(); });

        var (exit, output, _) = Cli.Run("run", "--image", image, "--mode", "long");

        Assert.Equal(0, exit);
        Assert.Equal("!", output);
    }

    [Fact]
    public void Spent_budget_exits_4()
    {
        var image = GuestCode.Write(scratch, 32, a => { var self = a.CreateLabel(); a.Label(ref self); a.jmp(self); });

        var (exit, _, errors) = Cli.Run("run", "--image", image, "--mode", "paged", "--max-instructions", "1000");

        Assert.Equal(4, exit);
        Assert.Contains("instruction budget spent", errors);
        Assert.Contains("guest instructions: 1,000", errors);
    }

    [Fact]
    public void Divide_by_zero_without_an_idt_triple_faults_with_status_2()
    {
        var image = GuestCode.Write(scratch, 32, a => { a.xor(eax, eax); a.div(eax); });

        var (exit, _, errors) = Cli.Run("run", "--image", image, "--mode", "protected");

        Assert.Equal(2, exit);
        Assert.Contains("triple fault", errors);
        Assert.Contains("guest RIP 0x", errors);
        Assert.DoesNotContain("   at ", errors);
    }

    [Fact]
    public void Jump_into_unmapped_memory_exits_2()
    {
        var image = GuestCode.Write(scratch, 32, a => a.jmp(0x4000_0000UL));

        var (exit, _, errors) = Cli.Run("run", "--image", image, "--mode", "protected", "--memory", "16M");

        Assert.Equal(2, exit);
        Assert.Contains("unmapped", errors);
        Assert.DoesNotContain("   at ", errors);
    }

    [Fact]
    public void Random_bytes_end_with_a_documented_status_and_no_stack_trace()
    {
        var bytes = new byte[4096];
        new Random(1234).NextBytes(bytes);
        var image = Path.Combine(scratch, "random.bin");
        File.WriteAllBytes(image, bytes);

        var (exit, _, errors) = Cli.Run("run", "--image", image, "--mode", "protected", "--max-instructions", "100000");

        Assert.True(exit is 0 or 2 or 4 || (exit & 1) == 1 && exit < 512, $"exit {exit}: {errors}");
        Assert.DoesNotContain("   at ", errors);
        Assert.DoesNotContain("internal error", errors);
    }

    [Fact]
    public void Trace_prints_each_exit_with_reason_rip_and_qualification()
    {
        var image = GuestCode.Write(scratch, 16, a => { a.mov(al, 0x41); a.@out(0xE9, al); a.hlt(); });

        var (_, _, errors) = Cli.Run("run", "--image", image, "--mode", "real", "--trace");

        Assert.Contains("exit PortIo           rip=0x1002 out port=0xE9 width=1 value=0x41", errors);
    }
}
