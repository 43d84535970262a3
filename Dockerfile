FROM python:3.11-slim
WORKDIR /app
ENV HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md requirements-hashed.txt ./
COPY agent agent
COPY knowledge knowledge
COPY handoff handoff
COPY console console
COPY evals evals
COPY api api
COPY voc voc
COPY domain domain
RUN pip install torch==2.13.0 \
 && pip install --no-deps --require-hashes -r requirements-hashed.txt \
 && pip install '.[scale]'
ENV WARMLINE_HOST=0.0.0.0 WARMLINE_DATA_DIR=/data
VOLUME /data
EXPOSE 8000
CMD ["sh", "-c", "warmline setup && warmline serve"]
