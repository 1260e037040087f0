/**
 * Encodes the embedding table as a BERT-shaped ONNX model, so transformers.js can run it like
 * any sentence-transformer: `last_hidden_state = table[input_ids] * attention_mask`.
 */
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
type Tensor = InstanceType<typeof onnx.TensorProto>;

const IR_VERSION = 8;
const OPSET = 13;

export function encodeEmbeddingModel(table: Float32Array, dims: number, producerVersion: string): Uint8Array {
  const tokenShape = [{ dimParam: "batch_size" }, { dimParam: "sequence_length" }];
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: "", version: OPSET }],
    producerName: "footnote",
    producerVersion,
    graph: {
      name: "word_embeddings",
      initializer: [floatMatrix("embeddings", table, dims), int64Vector("mask_axes", [-1])],
      input: [tensorInfo("input_ids", onnx.TensorProto.DataType.INT64, tokenShape), tensorInfo("attention_mask", onnx.TensorProto.DataType.INT64, tokenShape)],
      output: [tensorInfo("last_hidden_state", onnx.TensorProto.DataType.FLOAT, [...tokenShape, { dimValue: dims }])],
      node: [
        { opType: "Gather", input: ["embeddings", "input_ids"], output: ["token_vectors"], name: "lookup", attribute: [intAttribute("axis", 0)] },
        // Zeroing padded positions keeps outputs independent of batch padding (and uses the mask,
        // which the model must accept as an input for transformers.js).
        { opType: "Cast", input: ["attention_mask"], output: ["mask_float"], name: "mask_to_float", attribute: [intAttribute("to", onnx.TensorProto.DataType.FLOAT)] },
        { opType: "Unsqueeze", input: ["mask_float", "mask_axes"], output: ["mask_column"], name: "mask_column" },
        { opType: "Mul", input: ["token_vectors", "mask_column"], output: ["last_hidden_state"], name: "apply_mask" },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function floatMatrix(name: string, values: Float32Array, dims: number): Tensor {
  // raw_data is little-endian by spec; DataView makes that explicit whatever the host order.
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return onnx.TensorProto.create({ name, dataType: onnx.TensorProto.DataType.FLOAT, dims: [values.length / dims, dims], rawData: bytes });
}

function int64Vector(name: string, values: number[]): Tensor {
  return onnx.TensorProto.create({ name, dataType: onnx.TensorProto.DataType.INT64, dims: [values.length], int64Data: values });
}

function tensorInfo(name: string, elemType: number, dim: Array<{ dimParam: string } | { dimValue: number }>) {
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

function intAttribute(name: string, i: number) {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i };
}
