import { members } from './entry.ts';

/**
 * PyTorch globals that torch.save writes for tensors, parameters and whole pickled modules
 * (torch/_utils.py, torch/_tensor.py __reduce_ex__, torch/storage.py, torch/serialization.py). The
 * rebuild helpers only construct tensors from storages the checkpoint carries; where they take a
 * callable or class (`_rebuild_from_type_v2`, `_rebuild_wrapper_subclass`), that argument is itself a
 * global the policy judges.
 */
export const TORCH_ALLOW: readonly string[] = [
  ...members(
    'torch._utils',
    `_rebuild_tensor _rebuild_tensor_v2 _rebuild_tensor_v3 _rebuild_parameter
     _rebuild_parameter_with_state _rebuild_qtensor _rebuild_sparse_tensor _rebuild_nested_tensor
     _rebuild_device_tensor_from_numpy _rebuild_meta_tensor_no_storage _rebuild_wrapper_subclass
     _rebuild_xla_tensor`,
  ),
  ...members('torch._tensor', '_rebuild_from_type _rebuild_from_type_v2'),
  // Storage classes named by persistent ids ('storage', torch.FloatStorage, key, location, numel).
  ...members(
    'torch',
    `FloatStorage DoubleStorage HalfStorage BFloat16Storage LongStorage IntStorage ShortStorage
     CharStorage ByteStorage BoolStorage ComplexFloatStorage ComplexDoubleStorage QUInt8Storage
     QInt8Storage QInt32Storage QUInt4x2Storage QUInt2x4Storage UntypedStorage TypedStorage`,
  ),
  ...members('torch.storage', 'UntypedStorage TypedStorage'),
  ...members('torch', 'Tensor Size device'),
  // torch.dtype, layout, memory_format and qscheme members pickle as `torch.<name>`.
  ...members(
    'torch',
    `float32 float float64 double float16 half bfloat16 complex32 chalf complex64 cfloat complex128
     cdouble uint8 int8 int16 short int32 int int64 long bool uint16 uint32 uint64 qint8 quint8
     qint32 quint4x2 quint2x4 float8_e4m3fn float8_e5m2 float8_e4m3fnuz float8_e5m2fnuz`,
  ),
  ...members('torch', 'strided sparse_coo sparse_csr sparse_csc sparse_bsr sparse_bsc'),
  ...members('torch', 'contiguous_format channels_last channels_last_3d preserve_format'),
  ...members(
    'torch',
    `per_tensor_affine per_channel_affine per_tensor_symmetric per_channel_symmetric
     per_channel_affine_float_qparams`,
  ),
  // Looks a layout up by name among torch's own layout objects.
  'torch.serialization._get_layout',
  // Whole pickled modules: layers, containers, parameters, hooks' classes; optimizers; quantization.
  // Classes only: constructing them stores configuration.
  'torch.nn.*:class',
  'torch.optim.*:class',
  'torch.ao.*:class',
  ...members('torch.amp.grad_scaler', 'GradScaler'),
  ...members('torch.cuda.amp.grad_scaler', 'GradScaler'),
  // Activation functions stored as module attributes (TransformerEncoderLayer.activation, timm
  // act_layer): pure tensor functions.
  ...members(
    'torch.nn.functional',
    `relu relu6 gelu silu mish leaky_relu elu selu celu glu hardtanh hardswish hardsigmoid softplus
     softsign tanhshrink sigmoid tanh softmax log_softmax logsigmoid`,
  ),
  ...members(
    'torch._C._nn',
    'gelu leaky_relu elu hardtanh hardswish hardsigmoid softplus log_sigmoid mish silu',
  ),
  ...members('torch', 'relu sigmoid tanh selu celu'),
];
