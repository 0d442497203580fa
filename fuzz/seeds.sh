#!/bin/sh
# seeds.sh — writes the fuzzers' starting inputs into DIR/<reader>/: tiny valid
# files of each reader (CSV with and without a header, gzipped too; IDX images,
# labels, float32 and int16 arrays, gzipped images; NPY bool, float32,
# big-endian float64 and int64; the NPZ archives NumPy wrote for the tests
# (test/fixtures/); two CIFAR-10 records, plain and gzipped; the sweep
# configs of configs/ and one with a byte order mark; a sweep.json as ricci
# writes it; a sweep's models.csv and layers.csv; names with NUL, CR, ESC and
# UTF-16 bytes for the messages). Generated, or copied from
# the tests' fixtures, rather than committed under fuzz/.
#   fuzz/seeds.sh build/fuzz/seeds
set -eu
dir=$1
mkdir -p "$dir/csv"
printf '\154\141\142\145\154\054\160\061\054\160\062\054\160\063\012\065\054\060\054\061\062\070\054\062\065\065\012\071\054\061\054\062\054\063\012' > "$dir/csv/header.csv"
printf '\061\054\060\056\065\054\055\062\056\062\065\054\061\145\062\015\012\015\012\062\056\060\054\053\063\054\056\062\065\054\055\060\015\012' > "$dir/csv/plain.csv"
printf '\154\141\142\145\154\054\141\012\060\054\061\012\061\054\062\012' | gzip -n -c > "$dir/csv/header.csv.gz"
mkdir -p "$dir/idx"
printf '\000\000\015\002\000\000\000\002\000\000\000\002\077\300\000\000\300\000\000\000\076\200\000\000\100\100\000\000' > "$dir/idx/float32"
printf '\000\000\010\003\000\000\000\003\000\000\000\002\000\000\000\002\000\024\050\074\120\144\170\214\240\264\310\334' > "$dir/idx/images"
printf '\000\000\013\001\000\000\000\003\376\324\000\000\000\007' > "$dir/idx/int16"
printf '\000\000\010\001\000\000\000\003\007\002\011' > "$dir/idx/labels"
gzip -n -c "$dir/idx/images" > "$dir/idx/images.gz"
mkdir -p "$dir/npy"
printf '\223\116\125\115\120\131\001\000\166\000\173\047\144\145\163\143\162\047\072\040\047\174\142\061\047\054\040\047\146\157\162\164\162\141\156\137\157\162\144\145\162\047\072\040\106\141\154\163\145\054\040\047\163\150\141\160\145\047\072\040\050\062\054\051\054\040\175\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\012\000\001' > "$dir/npy/bool.npy"
printf '\223\116\125\115\120\131\001\000\166\000\173\047\144\145\163\143\162\047\072\040\047\074\146\064\047\054\040\047\146\157\162\164\162\141\156\137\157\162\144\145\162\047\072\040\106\141\154\163\145\054\040\047\163\150\141\160\145\047\072\040\050\062\054\040\062\051\054\040\175\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\012\000\000\200\077\000\000\000\100\000\000\100\100\000\000\200\100' > "$dir/npy/f4.npy"
printf '\223\116\125\115\120\131\001\000\166\000\173\047\144\145\163\143\162\047\072\040\047\076\146\070\047\054\040\047\146\157\162\164\162\141\156\137\157\162\144\145\162\047\072\040\106\141\154\163\145\054\040\047\163\150\141\160\145\047\072\040\050\061\054\040\062\051\054\040\175\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\012\077\340\000\000\000\000\000\000\277\360\000\000\000\000\000\000' > "$dir/npy/f8be.npy"
printf '\223\116\125\115\120\131\001\000\166\000\173\047\144\145\163\143\162\047\072\040\047\074\151\070\047\054\040\047\146\157\162\164\162\141\156\137\157\162\144\145\162\047\072\040\106\141\154\163\145\054\040\047\163\150\141\160\145\047\072\040\050\063\054\051\054\040\175\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\040\012\000\000\000\000\000\000\000\000\001\000\000\000\000\000\000\000\001\000\000\000\000\000\000\000' > "$dir/npy/i8.npy"
mkdir -p "$dir/npz"
cp test/fixtures/*.npz "$dir/npz/"
mkdir -p "$dir/cifar"
{ printf '\003'; head -c 3072 /dev/zero | tr '\000' '\177'; printf '\011'; head -c 3072 /dev/zero; } > "$dir/cifar/two.bin"
gzip -n -c "$dir/cifar/two.bin" > "$dir/cifar/two.bin.gz"
mkdir -p "$dir/ini"
cp configs/*.ini "$dir/ini/"
printf '\357\273\277[model]\nwidths = 4, 8 # two\nseeds = 1\n[data]\ndatasets = csv:a#1.csv\n' > "$dir/ini/bom.ini"
mkdir -p "$dir/json"
cat > "$dir/json/sweep.json" <<'JSON'
{
  "data": {
    "datasets": [
      "circles:n=100"
    ],
    "classes": "",
    "scale": "default",
    "limit": 0,
    "test_fraction": 0.3,
    "test_per_class": 0,
    "split_seed": 1
  },
  "model": {
    "widths": [
      3
    ],
    "depths": [
      2
    ],
    "seeds": [
      1,
      2
    ]
  },
  "training": {
    "optimizer": "rmsprop",
    "lr": 0.001,
    "momentum": 0,
    "weight_decay": 0,
    "epochs": 2,
    "batch": 32,
    "target_accuracy": 0,
    "validation_fraction": 0
  },
  "analysis": {
    "k": [
      3,
      5
    ],
    "accuracy_threshold": 0.98,
    "graph": "union",
    "curvature": "forman",
    "convention": "standard",
    "within_components": false,
    "include_output": false
  },
  "shard": "0/1"
}
JSON
mkdir -p "$dir/table"
cat > "$dir/table/sweep" <<'TABLE'
model,dataset,width,depth,seed,status,train_accuracy,test_accuracy,train_loss,test_loss,epochs,rho_k5,p_k5,rho_k12,p_k12
0,circles:n=100,3,2,1,ok,0.53,0.7,0.69,0.66,2,-0.5,0.1,,
1,circles:n=100,3,2,2,diverged,,,,,,,,,
--
model,dataset,width,depth,seed,k,layer,nodes,edges,components,geodesic_sum,forman_total,eta,curvature,curvature_total
0,circles:n=100,3,2,1,5,0,30,59,1,2363,-266,,forman,-266
0,circles:n=100,3,2,1,5,1,30,59,1,1504,-274,-859,forman,-274
0,circles:n=100,3,2,1,5,2,30,58,1,inf,-246,,forman,-246
0,circles:n=100,3,2,1,12,0,30,96,1,1166,-912,,forman,-912
0,circles:n=100,3,2,1,12,1,30,99,1,1114,-1004,-52,forman,-1004
0,circles:n=100,3,2,1,12,2,30,97,1,1094,-934,-20,forman,-934
TABLE
mkdir -p "$dir/message"
printf 'circles:n=300' > "$dir/message/plain"
printf 'runs/a\000b' > "$dir/message/nul"
printf 'caf\303\251\r\033[2J' > "$dir/message/controls"
printf '\377\376[\000m\000]\000' > "$dir/message/utf16"
