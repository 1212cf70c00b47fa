import { denyGroup, members } from './entry.ts';
import type { DenyEntry } from './entry.ts';

const KERAS_GET_FILE = `keras.utils.get_file keras.src.utils.file_utils.get_file
  keras.utils.data_utils.get_file tf_keras.utils.get_file tf_keras.src.utils.data_utils.get_file
  tensorflow.keras.utils.get_file tensorflow.python.keras.utils.data_utils.get_file`;

const KERAS_LOAD_MODEL = `keras.models.load_model keras.saving.load_model
  keras.src.saving.saving_api.load_model tf_keras.models.load_model tensorflow.keras.models.load_model
  tensorflow.saved_model.load`;

const PANDAS_READERS = members(
  'pandas',
  `read_csv read_table read_fwf read_json read_html read_xml read_excel read_parquet read_feather
   read_orc read_sas read_spss read_stata read_sql read_sql_query read_sql_table read_gbq`,
).join(' ');

/**
 * Dangerous globals inside ML frameworks, whose packages are otherwise partly allowed. Torch entries
 * follow picklescan's list (torch._dynamo.guards, torch._inductor.codecache.compile_file,
 * torch.utils._config_module, torch.utils.data.datapipes decoder, symbolic_shapes guards) plus the
 * loaders, hubs and native-code entry points of each framework.
 */
export const FRAMEWORK_DENY: readonly DenyEntry[] = [
  ...denyGroup(
    'nested-deserialization',
    'loads a nested checkpoint with pickle',
    `torch.load torch.serialization.load torch.serialization._load torch.serialization._legacy_load
     torch.utils._config_module.* torch.utils.data.datapipes.utils.decoder.*`,
  ),
  ...denyGroup(
    'nested-deserialization',
    'calls torch.load on bytes embedded in the pickle (how plain pickle stores torch storages)',
    'torch.storage._load_from_bytes',
  ),
  ...denyGroup(
    'nested-deserialization',
    'loads a TorchScript archive',
    'torch.jit.load torch.jit._serialization.load',
  ),
  ...denyGroup(
    'file-system',
    'writes a checkpoint file',
    'torch.save torch.serialization.save joblib.dump',
  ),
  ...denyGroup(
    'dynamic-code',
    'rebuilds a GraphModule by exec-ing Python source carried in the pickle',
    `torch.fx.graph_module.reduce_graph_module torch.fx.graph_module.reduce_package_graph_module
     torch.fx.graph_module.reduce_deploy_graph_module torch.fx.graph_module._deserialize_graph_module
     torch.fx.graph_module._forward_from_src torch.fx.graph_module._method_from_src
     torch.fx.graph_module._exec_with_source`,
  ),
  ...denyGroup(
    'dynamic-code',
    'evaluates guard expressions given as strings (GuardBuilder.get, evaluate_guards_expression)',
    'torch._dynamo.* torch.fx.experimental.symbolic_shapes.*',
  ),
  ...denyGroup(
    'dynamic-code',
    'exec wrapper used by TorchScript tests',
    'torch.jit.unsupported_tensor_ops.*',
  ),
  ...denyGroup(
    'native-code',
    'compiles and loads generated code (codecache.compile_file runs a compiler command line)',
    'torch._inductor.*',
  ),
  ...denyGroup(
    'native-code',
    'registered C++ operators and classes; torch.ops.load_library dlopens any library',
    'torch.ops.* torch.classes.* torch._ops.*',
  ),
  ...denyGroup(
    'native-code',
    'compiles and loads C++ extensions (load, load_inline)',
    'torch.utils.cpp_extension.* torch.cuda.memory.CUDAPluggableAllocator',
  ),
  ...denyGroup(
    'network',
    'downloads repositories and runs their hubconf.py; load_state_dict_from_url downloads and loads',
    'torch.hub.* torch.utils.model_zoo.*',
  ),
  ...denyGroup(
    'process-execution',
    'remote procedure calls and process launchers',
    'torch.distributed.rpc.* torch.distributed.run.* torch.distributed.launch.* torch.distributed.elastic.*',
  ),
  ...denyGroup(
    'dynamic-code',
    'runstring execs a code string and measure evals one (numpy.testing re-exports _private.utils)',
    'numpy.testing.*',
  ),
  ...denyGroup(
    'dynamic-code',
    'crackfortran helpers eval strings (getlincoef, _eval_length); f2py runs a compiler',
    'numpy.f2py.*',
  ),
  ...denyGroup(
    'nested-deserialization',
    'loads .npy/.npz files and can unpickle object arrays (allow_pickle)',
    `numpy.load numpy.lib.npyio.load numpy.lib._npyio_impl.load numpy.lib.format.read_array
     numpy.lib.format.read_array_header_1_0`,
  ),
  ...denyGroup(
    'file-system',
    'reads or writes files',
    `numpy.save numpy.savez numpy.savez_compressed numpy.savetxt numpy.fromfile numpy.loadtxt
     numpy.genfromtxt numpy.ndarray.tofile numpy.ndarray.dump numpy.memmap numpy.lib.format.open_memmap`,
  ),
  ...denyGroup(
    'network',
    'DataSource opens URLs and caches downloads',
    'numpy.DataSource numpy.lib.npyio.DataSource numpy.lib._datasource.*',
  ),
  ...denyGroup('native-code', 'load_library loads a shared library', 'numpy.ctypeslib.*'),
  ...denyGroup(
    'native-code',
    'loads native op libraries',
    'tensorflow.load_op_library tensorflow.load_library',
  ),
  ...denyGroup(
    'file-system',
    'reads, writes, copies and deletes files (tf.io.gfile)',
    `tensorflow.io.* tensorflow.gfile.* tensorflow.compat.v1.gfile.* tensorflow.python.platform.gfile.*
     tensorflow.python.lib.io.file_io.* tensorflow.python.ops.gen_io_ops.* tensorflow.raw_ops.ReadFile
     tensorflow.raw_ops.WriteFile`,
  ),
  ...denyGroup('network', 'downloads (and can extract) a file from a URL', KERAS_GET_FILE),
  ...denyGroup(
    'nested-deserialization',
    'loads a model that may carry Lambda layer code',
    KERAS_LOAD_MODEL,
  ),
  ...denyGroup(
    'network',
    'readers fetch URLs as well as local files (pandas.io.parsers.readers.read_csv)',
    `${PANDAS_READERS} pandas.io.*`,
  ),
  ...denyGroup(
    'nested-deserialization',
    'loads a nested pickle',
    'pandas.read_pickle pandas.io.pickle.*',
  ),
  ...denyGroup(
    'dynamic-code',
    'evaluates an expression string',
    `pandas.eval pandas.core.computation.eval.eval pandas.DataFrame.eval pandas.DataFrame.query
     pandas.core.frame.DataFrame.eval pandas.core.frame.DataFrame.query`,
  ),
  ...denyGroup(
    'nested-deserialization',
    'loads models, whose python_function flavour unpickles code with cloudpickle',
    'mlflow.*',
  ),
  ...denyGroup(
    'process-execution',
    'test helpers run subprocesses and write temporary files (TempMemmap)',
    'sklearn.utils._testing.*',
  ),
];
