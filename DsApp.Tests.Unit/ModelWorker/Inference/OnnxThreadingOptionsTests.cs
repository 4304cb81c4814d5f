using System.ComponentModel.DataAnnotations;
using DsApp.ModelWorker.Inference;

namespace DsApp.Tests.Unit.ModelWorker.Inference;

/// <summary><c>Inference:OnnxIntraOpThreads</c>: one thread per ONNX Runtime call unless configured, and validated.</summary>
public sealed class OnnxThreadingOptionsTests
{
    [Fact]
    public void An_onnx_call_uses_one_intra_op_thread_by_default_so_sessions_do_not_fight_kestrel_for_the_cores() =>
        Assert.Equal(1, new InferenceOptions().OnnxIntraOpThreads);

    [Theory]
    [InlineData(0, true)]    // ONNX Runtime's own default: one thread per core
    [InlineData(2, true)]
    [InlineData(-1, false)]
    [InlineData(1000, false)]
    public void The_intra_op_thread_count_is_validated(int threads, bool valid)
    {
        var options = new InferenceOptions { OnnxIntraOpThreads = threads };
        var results = new List<ValidationResult>();
        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        if (!valid) Assert.Contains(results, r => r.MemberNames.Contains(nameof(InferenceOptions.OnnxIntraOpThreads)));
    }
}
